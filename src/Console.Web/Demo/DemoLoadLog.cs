namespace Fencepost.ConsoleWeb.Demo;

internal static partial class DemoLoadLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Demo load started by {User}: {Rate} workflows/s on task queue {TaskQueue}")]
    public static partial void Started(ILogger logger, string user, double rate, string taskQueue);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Demo load stopped: {Started} workflows started, {Completed} completed, {Failed} failed, {Unfinished} unfinished; {StartsRefused} starts refused")]
    public static partial void Stopped(ILogger logger, long started, long completed, long failed, long unfinished, long startsRefused);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "A demo workflow failed")]
    public static partial void WorkflowFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "Read-only mode switched on: stopping the demo load")]
    public static partial void StoppingForReadOnly(ILogger logger);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "The demo load's worker stopped with an error")]
    public static partial void WorkerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Warning, Message = "The host's shutdown timeout ran out before the demo load stopped; its workflows end with the process")]
    public static partial void StopAbandoned(ILogger logger);
}
