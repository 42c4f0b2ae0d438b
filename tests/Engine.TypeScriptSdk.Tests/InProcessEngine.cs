using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Frontend;
using Fencepost.Engine.History;
using Fencepost.Engine.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.TypeScriptSdk.Tests;

/// <summary>The engine hosted in this test process on a free loopback port, as the product hosts it.</summary>
public sealed class InProcessEngine : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessEngine(WebApplication app, IFrontendEndpoint endpoint)
    {
        _app = app;
        Target = endpoint.Target;
        PublicTarget = endpoint.PublicTarget;
    }

    /// <summary>The namespace (registered by the case that uses it) whose update limits are 1 in flight and 2 in all.</summary>
    public const string UpdateLimitsNamespace = "ts-update-limits";

    /// <summary>The frontend's host:port, for the SDK's connection.</summary>
    public string Target { get; }

    /// <summary>The SDKs' host:port: the same as <see cref="Target"/> unless TLS is on, then the TLS port.</summary>
    public string PublicTarget { get; }

    public static async Task<InProcessEngine> StartAsync(IEnumerable<KeyValuePair<string, string?>> storeSettings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection([
            new("Fencepost:Frontend:Port", "0"),
            new("Fencepost:History:ShardCount", "4"),
            .. storeSettings,
        ]);
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("FENCEPOST_TEST_LOGS") == "1")
        {
            // Engine logs on the console while diagnosing a failing case.
            builder.Logging.AddSimpleConsole();
        }
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddFencepostEngine();
        var app = builder.Build();
        app.MapFencepostEngine();
        await app.StartAsync();
        // The update-limits case registers this namespace and runs into these limits there, so no other case feels them.
        var config = (InMemoryDynamicConfig)app.Services.GetRequiredService<IDynamicConfig>();
        config.Set(HistoryConfigKeys.MaxInFlightUpdates, 1, UpdateLimitsNamespace);
        config.Set(HistoryConfigKeys.MaxTotalUpdates, 2, UpdateLimitsNamespace);
        SetRunLimits((InMemoryDynamicConfig)app.Services.GetRequiredService<IDynamicConfig>());
        return new InProcessEngine(app, app.Services.GetRequiredService<IFrontendEndpoint>());
    }

    /// <summary>
    /// The run-limits suite (limits.test.ts) works in namespaces of its own, which it registers,
    /// with Temporal's limits set low: one for signals and history pages, one for the history count.
    /// </summary>
    private static void SetRunLimits(InMemoryDynamicConfig config)
    {
        config.Set(RunLimitKeys.MaximumSignalsPerExecution, 3, "ts-limits-signals");
        config.Set(FrontendConfigKeys.HistoryMaxPageSize, 3, "ts-limits-signals");
        config.Set(RunLimitKeys.HistoryCountError, 20, "ts-limits-history");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
