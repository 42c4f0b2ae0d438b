namespace Fencepost.ConsoleWeb.Benchmarks;

internal static partial class BenchmarkLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "{User} started a {Scenario} benchmark at {Rate} wf/s for {Duration} s")]
    public static partial void Started(ILogger logger, string user, string scenario, double rate, int duration);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Benchmark {RunId} finished and was stored")]
    public static partial void Finished(ILogger logger, string runId);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Error, Message = "A console-started benchmark failed")]
    public static partial void Failed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "{User} stopped the running benchmark")]
    public static partial void Stopped(ILogger logger, string user);
}
