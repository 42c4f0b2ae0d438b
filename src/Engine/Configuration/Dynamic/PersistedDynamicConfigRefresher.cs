using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Configuration.Dynamic;

/// <summary>
/// Loads dynamic config before the node serves (so a node that starts later gets the current
/// values), then re-reads it every <see cref="DynamicConfigRefreshOptions.PollInterval"/>: the
/// safety net that catches a change whose push from a peer was missed.
/// </summary>
public sealed class PersistedDynamicConfigRefresher(
    PersistedDynamicConfig config,
    IOptionsMonitor<DynamicConfigRefreshOptions> options,
    TimeProvider timeProvider,
    ILogger<PersistedDynamicConfigRefresher> logger) : BackgroundService
{
    private PeriodicTimer? _timer;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Started before the first read so no tick is lost while the loop is being scheduled.
        _timer = new PeriodicTimer(options.CurrentValue.PollInterval, timeProvider);
        await RefreshOnceAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = _timer ?? throw new InvalidOperationException("StartAsync creates the timer.");
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RefreshOnceAsync(stoppingToken);
                timer.Period = options.CurrentValue.PollInterval;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    private async Task RefreshOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await config.RefreshAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            DynamicConfigLog.RefreshFailed(logger, ex);
        }
    }
}
