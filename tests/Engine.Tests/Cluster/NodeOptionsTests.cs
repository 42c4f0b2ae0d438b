using Fencepost.Engine.Cluster;
using Fencepost.Engine.Cluster.Membership;
using Fencepost.Engine.Cluster.Node;
using Fencepost.Engine.Cluster.Ring;
using Fencepost.Engine.History;
using Fencepost.Engine.Hosting;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Tests.Cluster;

public sealed class NodeOptionsTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var result = new NodeOptionsValidator().Validate(null, new NodeOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(NodeRoles.All, NodeRoleNames.Parse(new NodeOptions().Roles).Roles);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEveryOneAtOnce()
    {
        var options = new NodeOptions { Roles = "history, scheduler,Matching, ui", HostId = "a/b", RpcAddress = "no-port" };

        var result = new NodeOptionsValidator().Validate(null, options);

        var failures = result.Failures!.ToList();
        Assert.Equal(3, failures.Count);
        Assert.Contains(failures, f => f.Contains("'scheduler', 'ui'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("HostId", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("RpcAddress", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "at least one role")]
    [InlineData(" , ", "at least one role")]
    public void Validate_NoRoles_Fails(string roles, string message)
    {
        var result = new NodeOptionsValidator().Validate(null, new NodeOptions { Roles = roles });

        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frontend", NodeRoles.Frontend)]
    [InlineData("History,MATCHING", NodeRoles.History | NodeRoles.Matching)]
    [InlineData("console history", NodeRoles.Console | NodeRoles.History)]
    public void Parse_RoleLists_CaseInsensitive(string text, NodeRoles expected)
    {
        var (roles, unknown) = NodeRoleNames.Parse(text);

        Assert.Equal(expected, roles);
        Assert.Empty(unknown);
    }

    [Theory]
    [InlineData("10.0.0.5:7233", true)]
    [InlineData("[::1]:7233", true)]
    [InlineData("history-1:7233", true)]
    [InlineData("history-1", false)]
    [InlineData(":7233", false)]
    [InlineData("host:0", false)]
    [InlineData("host:70000", false)]
    public void IsHostPort_Addresses(string address, bool valid) => Assert.Equal(valid, NodeIdentity.IsHostPort(address));

    [Fact]
    public void Resolve_NoHostIdOrRpcAddress_GeneratesHostIdOnceAndUsesFrontendAddress()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fencepost:Frontend:Address"] = "10.1.2.3",
            ["Fencepost:Frontend:Port"] = "7300",
        }).Build();

        var first = NodeIdentity.Resolve(new NodeOptions { Roles = "history" }, configuration);
        var second = NodeIdentity.Resolve(new NodeOptions { Roles = "history" }, configuration);

        Assert.Equal("10.1.2.3:7300", first.RpcAddress);
        Assert.Equal(NodeRoles.History, first.Roles);
        Assert.Contains($"-{Environment.ProcessId}-", first.HostId, StringComparison.Ordinal);
        Assert.NotEqual(first.HostId, second.HostId);
        Assert.True(new NodeOptionsValidator().Validate(null, new NodeOptions { HostId = first.HostId }).Succeeded);
    }

    [Fact]
    public async Task AddFencepostCluster_InvalidOptions_HostRefusesToStartListingEveryError()
    {
        using var host = BuildHost(new Dictionary<string, string?>
        {
            ["Fencepost:Node:Roles"] = "history,bogus",
            ["Fencepost:Node:RpcAddress"] = "nowhere",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(2, error.Failures.Count());
    }

    [Fact]
    public void AddFencepostCluster_ValidOptions_ResolvesOneIdentityViewHeartbeaterAndPolicy()
    {
        using var host = BuildHost(new Dictionary<string, string?>
        {
            ["Fencepost:Node:Roles"] = "history",
            ["Fencepost:Node:HostId"] = "history-7",
            ["Fencepost:Node:RpcAddress"] = "history-7:7233",
        });

        var identity = host.Services.GetRequiredService<NodeIdentity>();
        var policy = host.Services.GetRequiredService<RingShardOwnershipPolicy>();

        Assert.Equal(("history-7", "history-7:7233", NodeRoles.History), (identity.HostId, identity.RpcAddress, identity.Roles));
        Assert.Equal("history-7", policy.HostId);
        Assert.Equal([typeof(ClusterMembershipView), typeof(MembershipHeartbeater)],
            host.Services.GetServices<IHostedService>().Select(h => h.GetType()));
    }

    [Fact]
    public void AddFencepostCluster_AfterTheEngine_ReplacesItsPolicyAndStopsBeforeIt()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<IClusterStore, InMemoryClusterStore>();
        services.AddFencepostEngineServices();

        services.AddFencepostCluster(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(IShardOwnershipPolicy));
        Assert.Same(provider.GetRequiredService<RingShardOwnershipPolicy>(), provider.GetRequiredService<IShardOwnershipPolicy>());
        // Hosted services stop in reverse order: the heartbeater (which leaves the ring) stops first,
        // while the engine's shard controller, registered earlier, can still hand shards over.
        var hosted = services.Where(d => d.ServiceType == typeof(IHostedService)).ToList();
        Assert.True(hosted.Count > 2);
        Assert.IsType<MembershipHeartbeater>(hosted[^1].ImplementationFactory!(provider));
        Assert.IsType<ClusterMembershipView>(hosted[^2].ImplementationFactory!(provider));
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<IClusterStore, InMemoryClusterStore>();
        builder.Services.AddFencepostCluster(builder.Configuration);
        return builder.Build();
    }
}
