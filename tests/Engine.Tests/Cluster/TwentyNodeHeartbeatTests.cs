using Fencepost.Engine.Cluster.Node;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Tests.Persistence.Conformance;
using Xunit.Abstractions;

namespace Fencepost.Engine.Tests.Cluster;

/// <summary>
/// Twenty nodes, each with its own heartbeater, beating at once against one real store (the
/// seeds warn of retry storms when every service writes cluster_membership). Each node writes only
/// its own rows, so conflicts should be about zero; the test bounds them and prints the count.
/// Real time with short intervals: the claim is about concurrent commits, which fake time would serialize.
/// </summary>
public abstract class TwentyNodeHeartbeatTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int NodeCount = 20;
    private const int BeatsPerNode = 5;
    private const int ShardCount = 512;
    private readonly StoreTestContext _context = new();
    private readonly InMemoryDynamicConfig _config = new();
    private readonly string _prefix = Guid.NewGuid().ToString("N")[..8];
    private readonly List<ClusterNodeHarness> _nodes = [];
    private IPersistenceStore? _store;

    protected abstract Task<IPersistenceStore> CreateStoreAsync(StoreTestContext context);

    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync(_context);
        _config.Set(ClusterConfigKeys.StartupJitter, TimeSpan.FromMilliseconds(200));
        _config.Set(ClusterConfigKeys.HeartbeatInterval, TimeSpan.FromMilliseconds(100));
        _config.Set(ClusterConfigKeys.HeartbeatJitter, TimeSpan.FromMilliseconds(50));
        // Generous: the claim is "no row lapses because of contention", not "this loaded machine keeps 100 ms deadlines".
        _config.Set(ClusterConfigKeys.MembershipExpiry, TimeSpan.FromMinutes(5));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        _context.Dispose();
    }

    [Fact]
    public async Task Heartbeat_TwentyNodesAtOnce_AllRowsLiveAndConflictsBounded()
    {
        var store = _store!;
        for (var i = 0; i < NodeCount; i++)
        {
            _nodes.Add(new ClusterNodeHarness(store.Cluster, _config, TimeProvider.System, $"node-{i:D2}-{_prefix}", NodeRoles.All, $"10.0.0.{i + 1}:7233"));
        }

        await Task.WhenAll(_nodes.Select(n => n.StartHeartbeatingAsync()));
        await Task.WhenAll(_nodes.Select(n => n.Heartbeater.WaitForAsync(s => s.Beats >= BeatsPerNode, $"{BeatsPerNode} beats of {n.Identity.HostId}")));

        var live = (await store.Cluster.ListMembersAsync(DateTimeOffset.UtcNow)).Where(r => r.HostId.Contains(_prefix, StringComparison.Ordinal)).ToList();
        var conflicts = _context.Conflicts.Observations.Where(o => o.Operation == "UpsertMembership").ToList();
        var failures = _nodes.Sum(n => n.Heartbeater.Status.Failures);
        var beats = _nodes.Sum(n => n.Heartbeater.Status.Beats);
        output.WriteLine($"{store.Kind}: {NodeCount} nodes, {beats} beats ({beats * 4} row upserts), {conflicts.Count} membership conflicts, {failures} failed beats.");

        Assert.Equal(NodeCount * 4, live.Count);
        Assert.Equal(0, failures);
        // Each node writes only its own rows, so no two transactions touch the same row; allow a
        // handful for stores that conflict on something coarser than a row, never a storm.
        Assert.True(conflicts.Count <= NodeCount / 4, $"{conflicts.Count} membership conflicts in {beats} beats: a retry storm.");
        Assert.DoesNotContain(_context.Conflicts.Observations, o => o.Exhausted);

        // Every node's view agrees, and so every shard has exactly one intended owner.
        foreach (var node in _nodes)
        {
            await node.View.RefreshAsync();
        }
        Assert.All(_nodes, n => Assert.Equal(NodeCount, n.Policy.Ring.Hosts.Count(h => h.Contains(_prefix, StringComparison.Ordinal))));
        foreach (var shard in Enumerable.Range(0, ShardCount))
        {
            Assert.Single(_nodes, n => n.Policy.ShouldOwn(shard, ShardCount));
        }
    }
}
