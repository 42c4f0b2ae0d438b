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

    public string Target { get; private set; } = "";

    /// <summary>Store-specific settings (the PostgreSQL subclass adds its connection).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> StoreSettings() =>
        [new("Fencepost:Store:Kind", "embedded")];

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection([
            new("Fencepost:Frontend:Port", "0"),
            new("Fencepost:History:ShardCount", "4"),
            .. StoreSettings(),
        ]);
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("FENCEPOST_TEST_LOGS") == "1")
        {
            // Engine logs on the console while diagnosing a failing test.
            builder.Logging.AddSimpleConsole();
        }
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddFencepostEngine();
        _app = builder.Build();
        _app.MapFencepostEngine();
        await _app.StartAsync();
        Target = _app.Services.GetRequiredService<IFrontendEndpoint>().Target;
        Client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(Target) { Namespace = "default" });
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
