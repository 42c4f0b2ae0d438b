using Fencepost.Diagnostics.Metrics.Sampling;

namespace Fencepost.ConsoleWeb.Telemetry;

/// <summary>
/// Creates the latency feed and the metrics sampler when the host starts, so their history begins
/// with the process rather than with the first page someone opens.
/// </summary>
internal sealed class TelemetryFeedStarter(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<EngineLatencyFeed>();
        _ = services.GetRequiredService<MetricsSampler>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
