using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Matching;

/// <summary>Deletes delivered backlog tasks in chunks and saves ack levels, once a second per queue.</summary>
internal sealed partial class MatchingMaintenanceService(MatchingEngine matching, TimeProvider timeProvider, ILogger<MatchingMaintenanceService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            foreach (var queue in matching.Queues)
            {
                try
                {
                    await queue.FlushAcksAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFlushFailed(logger, queue.Name, ex);
                }
            }
        }
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Could not delete delivered backlog tasks of task queue {TaskQueue}")]
    private static partial void LogFlushFailed(ILogger logger, string taskQueue, Exception exception);
}
