using Fencepost.ConsoleWeb.Data.Charts;
using Fencepost.ConsoleWeb.Data.Overview;
using Fencepost.ConsoleWeb.Data.Shards;
using Fencepost.ConsoleWeb.Demo;
using Fencepost.ConsoleWeb.Live;
using Fencepost.ConsoleWeb.Telemetry;
using Fencepost.Diagnostics.Health;
using Fencepost.Diagnostics.Latency;
using Fencepost.Diagnostics.Metrics;
using Fencepost.Diagnostics.Metrics.Sampling;
using Fencepost.Engine.Hosting;
using Fencepost.Engine.Introspection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fencepost.ConsoleWeb.Hosting;

/// <summary>Registers the live pages' telemetry (metrics sampler, latency feed) and data sources.</summary>
public static class ConsoleLivePagesServiceCollectionExtensions
{
    /// <summary>Always registered: every polled source reports its cost here.</summary>
    public static IServiceCollection AddConsoleOverheadMeter(this IServiceCollection services)
    {
        services.TryAddSingleton<IConsoleOverheadMeter, ConsoleOverheadMeter>();
        return services;
    }

    /// <summary>The pages that read the engine in this process (call only when it is hosted here).</summary>
    public static IServiceCollection AddConsoleLivePages(this IServiceCollection services)
    {
        // One collector for /metrics and the charts (MapFencepostMetrics uses the registered one).
        services.TryAddSingleton(_ => new MetricsCollector(MetricsCollectorOptions.Product));
        services.TryAddSingleton(sp => new MetricsSampler(sp.GetRequiredService<MetricsCollector>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new LatencyRecorder(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<EngineLatencyFeed>();
        services.AddHostedService<TelemetryFeedStarter>();

        services.TryAddSingleton(_ => new HealthEvaluator());
        services.AddSingleton<ForwardProgressReader>();
        services.AddSingleton<OpenWorkflowCounter>();
        services.AddSingleton<ConfigMarkReader>();
        services.AddSingleton<IOverviewSource, OverviewSource>();
        services.AddSingleton<ITelemetryTicker, TelemetryTicker>();
        if (services.Any(d => d.ServiceType == typeof(IFrontendEndpoint)))
        {
            services.AddSingleton<IDemoLoad, DemoLoad>();
            services.AddHostedService<DemoLoadShutdown>();
        }
        if (services.Any(d => d.ServiceType == typeof(IShardOwnershipView)))
        {
            services.AddSingleton<IShardActivitySource, EngineShardActivitySource>();
        }
        return services;
    }
}
