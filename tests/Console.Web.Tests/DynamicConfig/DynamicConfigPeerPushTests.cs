using Fencepost.ConsoleWeb.Hosting;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Matching;
using Fencepost.Engine.Persistence.Embedded;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fencepost.ConsoleWeb.Tests.DynamicConfig;

/// <summary>
/// Two console nodes on one store, the second listening to the first's hub. The poll safety net is set
/// to its longest (10 minutes), so only the SignalR push can bring a change across within seconds.
/// </summary>
public sealed class DynamicConfigPeerPushTests : IAsyncLifetime
{
    private const string NodeSecret = "peer-push-test-node-secret";
    private static readonly TimeSpan PushTimeout = TimeSpan.FromSeconds(20);
    private WebApplication? _first;
    private WebApplication? _second;

    public async Task InitializeAsync()
    {
        _first = await StartNodeAsync(sharedStore: null, peer: null);
        _second = await StartNodeAsync(_first.Services.GetRequiredService<IPersistenceStore>(), ConsoleAddress(_first));
    }

    public async Task DisposeAsync()
    {
        foreach (var app in new[] { _second, _first })
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ApplyAsync_OnFirstNode_ReachesSecondNodeByPushBeforeThePoll()
    {
        var first = _first!.Services.GetRequiredService<PersistedDynamicConfig>();
        var second = _second!.Services.GetRequiredService<PersistedDynamicConfig>();
        var scope = "default/push-" + Guid.NewGuid().ToString("N")[..8];
        var (ns, queue) = (scope.Split('/')[0], scope.Split('/')[1]);
        var key = MatchingConfigKeys.NumTaskqueueWritePartitions;

        // The first change arrives either by push or by the refresh the listener does right after it
        // connects; either way the second node is connected once it has it.
        var v1 = await first.ApplyAsync(new DynamicConfigChangeRequest(key.Name, DynamicConfigScopes.TaskQueue, scope, "2", 0, "olga", "connect"));
        await WaitForAsync(second, () => second.Get(key, ns, queue) == 2, "the first change to reach the second node");

        await first.ApplyAsync(new DynamicConfigChangeRequest(key.Name, DynamicConfigScopes.TaskQueue, scope, "4", v1!.Version, "olga", "push"));

        await WaitForAsync(second, () => second.Get(key, ns, queue) == 4, "the pushed change to reach the second node (its poll is 10 minutes away)");
    }

    /// <summary>Config changes are for the console's users and its peers only: an anonymous subscriber, or one with a wrong node credential, is refused.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData("another-secret-entirely-123")]
    public async Task Hub_AnonymousOrForeignSubscriber_Refused(string? secret)
    {
        var url = new Uri(new Uri(ConsoleAddress(_first!)), DynamicConfigHub.Path);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(url, http => http.AccessTokenProvider = () => Task.FromResult(secret is null ? null : Fencepost.Engine.Security.NodeCredential.Create(secret, DateTimeOffset.UtcNow)))
            .Build();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private static async Task WaitForAsync(PersistedDynamicConfig config, Func<bool> condition, string what)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(object? sender, EventArgs e)
        {
            if (condition())
            {
                reached.TrySetResult();
            }
        }
        config.Changed += OnChanged;
        try
        {
            OnChanged(null, EventArgs.Empty);
            var finished = await Task.WhenAny(reached.Task, Task.Delay(PushTimeout));
            Assert.True(finished == reached.Task, $"Timed out after {PushTimeout.TotalSeconds} s waiting for {what}.");
        }
        finally
        {
            config.Changed -= OnChanged;
        }
    }

    private static string ConsoleAddress(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();

    /// <summary>A console node without the engine: the store, persisted dynamic config, its hub and the peer listener, as the console wires them.</summary>
    private static async Task<WebApplication> StartNodeAsync(IPersistenceStore? sharedStore, string? peer)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ConsoleHostingExtensions).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
        });
        var settings = new Dictionary<string, string?>
        {
            ["Fencepost:Console:Port"] = "0",
            ["Fencepost:Console:Address"] = "127.0.0.1",
            ["Fencepost:Console:AdminPassword"] = "peer-test-password",
            [$"{DynamicConfigRefreshOptions.SectionName}:PollInterval"] = "00:10:00",
            // Peers subscribe to each other's hub with the cluster's node credential.
            ["Fencepost:Auth:NodeSecret"] = NodeSecret,
        };
        if (peer is not null)
        {
            settings["Fencepost:Console:Peers:0"] = peer;
        }
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (sharedStore is null)
        {
            builder.Services.AddEmbeddedPersistenceStore();
        }
        else
        {
            builder.Services.AddSingleton(sharedStore);
        }
        builder.AddConsole();
        var app = builder.Build();
        app.MapConsole();
        await app.StartAsync();
        return app;
    }
}
