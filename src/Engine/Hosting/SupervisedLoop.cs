using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Hosting;

/// <summary>
/// Runs a background loop that must not end silently: if it ends with an unexpected exception,
/// the exception is logged as an error and the loop starts again after <see cref="RestartDelay"/>,
/// until its stopping token is cancelled. A loop that returns normally is done. A shard's
/// timer loop that died unseen would stop every timer, timeout and retry of that shard for good.
/// </summary>
internal static partial class SupervisedLoop
{
    public static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(string name, Func<CancellationToken, Task> loop, ILogger logger, TimeProvider time, CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                await loop(stopping).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogLoopFailed(logger, name, RestartDelay, ex);
            }
            try
            {
                await Task.Delay(RestartDelay, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Background loop {Loop} failed; restarting it in {RestartDelay}")]
    private static partial void LogLoopFailed(ILogger logger, string loop, TimeSpan restartDelay, Exception exception);
}
