using System.Diagnostics.Metrics;
using Fencepost.Benchmarks.Calibration;
using Fencepost.Benchmarks.Driver;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Hosting;
using Fencepost.Engine.Namespaces;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fencepost.Benchmarks.Cli;

/// <summary>The engine hosted in-process for one benchmark: frontend on a free loopback port, no console UI.</summary>
public sealed class BenchEngineHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchEngineHost(WebApplication app, string target)
    {
        _app = app;
        Target = target;
    }

    /// <summary>host:port of the frontend, for the Temporal client.</summary>
    public string Target { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The probes the driver reads this engine with: store calibration, pool waits and this host's meters only.</summary>
    public BenchmarkProbes Probes
    {
        get
        {
            var store = _app.Services.GetRequiredService<IPersistenceStore>();
            var time = _app.Services.GetRequiredService<TimeProvider>();
            return new BenchmarkProbes
            {
                Calibration = new StoreCalibrationProbe(store, time),
                PoolWaits = new StorePoolWaitSource(store),
                MeterScope = _app.Services.GetRequiredService<IMeterFactory>(),
            };
        }
    }

    public static async Task<BenchEngineHost> StartAsync(BenchArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Fencepost:Frontend:Port"] = "0",
            ["Fencepost:Frontend:Address"] = "127.0.0.1",
            ["Fencepost:History:ShardCount"] = arguments.ShardCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Fencepost:Store:Kind"] = arguments.Store,
        };
        if (arguments.Store == "postgres")
        {
            settings["Fencepost:Store:ConnectionString"] = arguments.Connection;
        }
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        // The engine speaks up only when something is wrong; the driver narrates the run's phases.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Fencepost.Benchmarks", LogLevel.Information);
        builder.AddFencepostEngine();
        var app = builder.Build();
        app.MapFencepostEngine();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var endpoint = app.Services.GetRequiredService<IFrontendEndpoint>();
        await endpoint.WhenReady.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (arguments.Retention is { } retention)
        {
            await SetRetentionAsync(app.Services, arguments.Namespace, retention, cancellationToken).ConfigureAwait(false);
        }
        return new BenchEngineHost(app, endpoint.Target);
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _app.StopAsync(stopping.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A retention shorter than Temporal's minimum, as for development: the minimum is lowered first.</summary>
    private static async Task SetRetentionAsync(IServiceProvider services, string namespaceName, TimeSpan retention, CancellationToken cancellationToken)
    {
        if (services.GetRequiredService<IDynamicConfig>() is InMemoryDynamicConfig config && retention < config.Get(NamespaceRetention.MinRetention))
        {
            config.Set(NamespaceRetention.MinRetention, retention);
        }
        var namespaces = services.GetRequiredService<NamespaceRegistry>();
        var current = await namespaces.GetAsync(namespaceName, cancellationToken).ConfigureAwait(false);
        var updated = current.Description.Clone();
        updated.Config.WorkflowExecutionRetentionTtl = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(retention);
        await namespaces.UpdateAsync(current, updated, cancellationToken).ConfigureAwait(false);
    }
}
