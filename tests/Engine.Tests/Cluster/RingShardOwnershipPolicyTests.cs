using Fencepost.Engine.Cluster.Node;
using Fencepost.Engine.Configuration.Dynamic;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.Engine.Tests.Cluster;

public sealed class RingShardOwnershipPolicyTests : IAsyncLifetime
{
    private const int ShardCount = 64;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryDynamicConfig _config = new();
    private readonly InMemoryClusterStore _store = new();
    private readonly string _prefix = Guid.NewGuid().ToString("N")[..8];
    private readonly List<ClusterNodeHarness> _nodes = [];

    public Task InitializeAsync()
    {
        _config.Set(ClusterConfigKeys.StartupJitter, TimeSpan.Zero);
        _config.Set(ClusterConfigKeys.HeartbeatJitter, TimeSpan.Zero);
        _config.Set(ClusterConfigKeys.HeartbeatInterval, TimeSpan.FromSeconds(2));
        _config.Set(ClusterConfigKeys.MembershipExpiry, TimeSpan.FromSeconds(8));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task ShouldOwn_ThreeHistoryNodes_EveryShardHasExactlyOneOwner()
    {
        var nodes = await StartAsync("h1", "h2", "h3");

        await RefreshAllAsync();

        foreach (var shard in Enumerable.Range(0, ShardCount))
        {
            Assert.Single(nodes, n => n.Policy.ShouldOwn(shard, ShardCount));
        }
        Assert.All(nodes, n => Assert.NotEmpty(n.Policy.ShardsToOwn(ShardCount)));
    }

    [Fact]
    public async Task ShouldOwn_NodeWithoutHistoryRole_OwnsNothingAndIsNotOnTheRing()
    {
        var nodes = await StartAsync("h1");
        var matching = await StartAsync(NodeRoles.Matching | NodeRoles.Frontend, "m1");

        await RefreshAllAsync();

        Assert.Empty(matching[0].Policy.ShardsToOwn(ShardCount));
        Assert.Equal(ShardCount, nodes[0].Policy.ShardsToOwn(ShardCount).Count);
        Assert.Equal([Host("h1")], matching[0].Policy.Ring.Hosts);
    }

    [Fact]
    public async Task ShouldOwn_BeforeSeeingItsOwnHeartbeat_OwnsNothing()
    {
        var node = new ClusterNodeHarness(_store, _config, _time, Host("h1"));
        _nodes.Add(node);

        Assert.Empty(node.Policy.ShardsToOwn(ShardCount));
        await node.View.RefreshAsync();
        Assert.Empty(node.Policy.ShardsToOwn(ShardCount));
    }

    [Fact]
    public async Task ShouldOwn_HistoryNodeStopsHeartbeating_SurvivorsTakeAllItsShardsAfterExpiry()
    {
        var nodes = await StartAsync("h1", "h2", "h3");
        await RefreshAllAsync();
        var ofH3 = nodes[2].Policy.ShardsToOwn(ShardCount);
        var survivors = nodes.Take(2).ToList();
        var before = survivors.Select(n => n.Policy.ShardsToOwn(ShardCount)).ToList();
        // h3 crashes: its row is neither renewed nor left; h1 and h2 keep beating.
        nodes[2].Store.Crash();
        var ringChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        survivors[0].Policy.RingChanged += (_, _) => ringChanged.TrySetResult();

        await AdvanceBeatsAsync(survivors, beats: 5);
        await RefreshAllAsync(survivors);

        Assert.True(ringChanged.Task.IsCompleted);
        Assert.Equal([Host("h1"), Host("h2")], survivors[0].Policy.Ring.Hosts);
        var after = survivors.Select(n => n.Policy.ShardsToOwn(ShardCount)).ToList();
        Assert.Equal(Enumerable.Range(0, ShardCount), after.SelectMany(s => s).Order());
        // Only h3's shards moved: each survivor keeps what it had.
        Assert.All(Enumerable.Range(0, 2), i => Assert.Subset(after[i].ToHashSet(), before[i].ToHashSet()));
        Assert.Equal(ofH3.Order(), after.SelectMany(s => s).Except(before.SelectMany(s => s)).Order());
    }

    [Fact]
    public async Task ShouldOwn_NodeLeavesGracefully_OwnsNothingAtOnceAndPeersTakeOverAtNextRefresh()
    {
        var nodes = await StartAsync("h1", "h2");
        await RefreshAllAsync();
        Assert.NotEmpty(nodes[1].Policy.ShardsToOwn(ShardCount));

        await nodes[1].StopAsync();

        Assert.Empty(nodes[1].Policy.ShardsToOwn(ShardCount));
        await nodes[0].View.RefreshAsync();
        Assert.Equal(ShardCount, nodes[0].Policy.ShardsToOwn(ShardCount).Count);
    }

    private string Host(string name) => $"{name}-{_prefix}";

    private Task<List<ClusterNodeHarness>> StartAsync(params string[] names) => StartAsync(NodeRoles.All, names);

    private async Task<List<ClusterNodeHarness>> StartAsync(NodeRoles roles, params string[] names)
    {
        var started = new List<ClusterNodeHarness>();
        foreach (var name in names)
        {
            var node = new ClusterNodeHarness(_store, _config, _time, Host(name), roles);
            _nodes.Add(node);
            started.Add(node);
            await node.StartHeartbeatingAsync();
            await node.Heartbeater.WaitForAsync(s => s.Beats == 1 && s.NextBeatAt is not null, $"{name}'s first beat");
        }
        return started;
    }

    private async Task RefreshAllAsync(IEnumerable<ClusterNodeHarness>? nodes = null)
    {
        foreach (var node in nodes ?? _nodes)
        {
            await node.View.RefreshAsync();
        }
    }

    /// <summary>Moves fake time one beat at a time, waiting for every node's beat, so live nodes never expire.</summary>
    private async Task AdvanceBeatsAsync(List<ClusterNodeHarness> nodes, int beats)
    {
        for (var i = 0; i < beats; i++)
        {
            var targets = nodes.Select(n => n.Heartbeater.Status.Beats + 1).ToList();
            _time.Advance(TimeSpan.FromSeconds(2));
            for (var n = 0; n < nodes.Count; n++)
            {
                var target = targets[n];
                await nodes[n].Heartbeater.WaitForAsync(s => s.Beats >= target && s.NextBeatAt is not null, $"beat {target} of {nodes[n].Identity.HostId}");
            }
        }
    }
}
