using Fencepost.Engine.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Temporalio.Client;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>One engine per test class, hosted in-process on 127.0.0.1 with a free port, and a connected client.</summary>
public class EngineFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public TemporalClient Client { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    /// <summary>Store-specific settings (the PostgreSQL fixture creates a database first).</summary>
    protected virtual Task<IReadOnlyList<KeyValuePair<string, string?>>> StoreSettingsAsync() =>
        Task.FromResult<IReadOnlyList<KeyValuePair<string, string?>>>([new("Fencepost:Store:Kind", "embedded")]);

    public virtual async Task InitializeAsync()
    {
        (_app, Client) = await StartEngineAsync(await StoreSettingsAsync());
    }

    public virtual async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await StopEngineAsync(_app);
        }
    }

    /// <summary>Starts an engine with <paramref name="storeSettings"/> and connects a client to it.</summary>
    public static Task<(WebApplication App, TemporalClient Client)> StartEngineAsync(IEnumerable<KeyValuePair<string, string?>> storeSettings) =>
        StartEngineAsync(storeSettings, null);

    /// <summary>Like <see cref="StartEngineAsync(IEnumerable{KeyValuePair{string, string}})"/>, with services registered first (a fake <see cref="TimeProvider"/>).</summary>
    public static async Task<(WebApplication App, TemporalClient Client)> StartEngineAsync(IEnumerable<KeyValuePair<string, string?>> storeSettings, Action<IServiceCollection>? configure)
    {
        var app = await StartAppAsync(storeSettings, configure);
        var target = app.Services.GetRequiredService<IFrontendEndpoint>().Target;
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(target) { Namespace = "default" });
        return (app, client);
    }

    /// <summary>Starts an engine with <paramref name="settings"/>, without a client (for settings a plain client cannot connect to).</summary>
    public static async Task<WebApplication> StartAppAsync(IEnumerable<KeyValuePair<string, string?>> settings, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection([
            new("Fencepost:Frontend:Port", "0"),
            new("Fencepost:History:ShardCount", "4"),
            .. settings,
        ]);
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("FENCEPOST_TEST_LOGS") == "1")
        {
            // Engine logs on the console while diagnosing a failing test.
            builder.Logging.AddSimpleConsole();
        }
        builder.Logging.SetMinimumLevel(Environment.GetEnvironmentVariable("FENCEPOST_TEST_LOGLEVEL") == "info" ? LogLevel.Information : LogLevel.Warning);
        configure?.Invoke(builder.Services);
        builder.AddFencepostEngine();
        var app = builder.Build();
        app.MapFencepostEngine();
        await app.StartAsync();
        return app;
    }

    public static async Task StopEngineAsync(WebApplication app)
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
