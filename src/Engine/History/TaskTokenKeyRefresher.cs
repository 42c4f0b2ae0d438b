using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.History;

/// <summary>Re-reads the task token keys every minute, so keys other nodes add reach this one before they sign.</summary>
internal sealed partial class TaskTokenKeyRefresher(TaskTokenKeys keys, TimeProvider timeProvider, ILogger<TaskTokenKeyRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, timeProvider, stoppingToken).ConfigureAwait(false);
                await keys.RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed refresh keeps the keys it has and tries again next minute.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogRefreshFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 1040, Level = LogLevel.Warning, Message = "Could not re-read the task token keys; keeping the ones already loaded")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
