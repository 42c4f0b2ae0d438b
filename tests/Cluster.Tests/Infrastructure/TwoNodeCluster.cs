using Fencepost.Engine.Cluster.Ring;
using Fencepost.Engine.History;
using Fencepost.Engine.Persistence.Model;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;

namespace Fencepost.Cluster.Tests.Infrastructure;

/// <summary>
/// Two nodes with every engine role (frontend, history, matching, no console), started once and
/// shared by the tests of a class: they pick workflow ids and task queues so that a workflow's
/// shard and its neighbours' shards or its task queue land on different nodes, and check that the
/// work still crosses over.
/// </summary>
public sealed class TwoNodeCluster : IAsyncLifetime
{
    public const string Namespace = "default";
    private const string Roles = "frontend,history,matching";

    private TestCluster? _cluster;
    private IReadOnlyList<ShardInfo> _shards = [];

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("Not started.");

    public NodeProcess A { get; private set; } = null!;

    public NodeProcess B { get; private set; } = null!;

    public Guid NamespaceId { get; private set; }

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.CreateAsync("two_nodes");
        // The tests need shards on both nodes: host ids the ring splits the shards between.
        var hostIds = _cluster.HostIdsEachOwningShards("a", "b");
        A = _cluster.StartNodeAs(hostIds[0], Roles);
        B = _cluster.StartNodeAs(hostIds[1], Roles);
        _shards = await _cluster.WaitForOwnershipAsync([A, B], "every shard owned exactly once, by the node the ring over both gives it");
        foreach (var node in (NodeProcess[])[A, B])
        {
            await _cluster.WaitForStateAsync(node, s => s.Members.Count(m => m.Role == "matching") == 2, $"{node.HostId} seeing both matching nodes");
        }
        var client = await ConnectAsync(A);
        var description = await client.WorkflowService.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = Namespace });
        NamespaceId = Guid.Parse(description.NamespaceInfo.Id);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    public static Task<TemporalClient> ConnectAsync(NodeProcess node, string ns = Namespace) =>
        TemporalClient.ConnectAsync(new TemporalClientConnectOptions(node.FrontendTarget) { Namespace = ns });

    /// <summary>A new workflow id whose shard <paramref name="node"/> owns (as stored, which the ring agrees with).</summary>
    public string WorkflowIdOwnedBy(NodeProcess node, string prefix)
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 10_000; i++)
        {
            var id = $"{prefix}-{unique}-{i}";
            var shard = ShardResolver.GetShardId(NamespaceId, id, TestCluster.ShardCount);
            if (_shards.Single(s => s.ShardId == shard).Owner == node.HostId)
            {
                return id;
            }
        }
        throw new InvalidOperationException($"No workflow id lands on a shard of {node.HostId}.");
    }

    /// <summary>A new task queue whose matching owner is <paramref name="node"/> (the ring over both matching nodes, keyed by namespace/queue).</summary>
    public string TaskQueueOwnedBy(NodeProcess node, string prefix)
    {
        var ring = new ConsistentHashRing([A.HostId, B.HostId]);
        var unique = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 10_000; i++)
        {
            var queue = $"{prefix}-{unique}-{i}";
            if (ring.OwnerOf($"{Namespace}/{queue}") == node.HostId)
            {
                return queue;
            }
        }
        throw new InvalidOperationException($"No task queue lands on {node.HostId}.");
    }
}
