using Fencepost.Engine.Cluster.Membership;
using Fencepost.Engine.Cluster.Node;
using Fencepost.Engine.History;

namespace Fencepost.Engine.Cluster.Ring;

/// <summary>
/// Which history shards this node should own: those the consistent-hash ring over the live
/// history members assigns to it. The ring is rebuilt whenever the membership view changes, so
/// after a join or a failure every node computes the same new owner for each shard. The new owner
/// acquires the shard (range_id + 1, fenced in the store); the old owner learns it is no longer
/// the owner from the ring, or at the latest from its next fenced write failing. The engine's
/// ShardController re-asks <see cref="ShouldOwn"/> every reconcile, so ownership follows the ring
/// within one reconcile interval of a membership change.
/// </summary>
public sealed class RingShardOwnershipPolicy : IShardOwnershipPolicy, IDisposable
{
    private readonly ClusterMembershipView _view;
    private readonly NodeIdentity _identity;
    private readonly Lock _rebuilding = new();
    private ConsistentHashRing _ring = ConsistentHashRing.Empty;

    public RingShardOwnershipPolicy(ClusterMembershipView view, NodeIdentity identity)
    {
        _view = view;
        _identity = identity;
        _view.Changed += OnMembershipChanged;
        Rebuild(_view.Current);
    }

    /// <summary>This node's host id: the owner name written on the shards it acquires.</summary>
    public string HostId => _identity.HostId;

    /// <summary>The ring over the history members of the latest view.</summary>
    public ConsistentHashRing Ring => Volatile.Read(ref _ring);

    /// <summary>Raised after the set of history hosts changed (on the membership refresh thread).</summary>
    public event EventHandler<ConsistentHashRing>? RingChanged;

    /// <summary>
    /// True when the ring assigns <paramref name="shardId"/> to this node. Always false on a node
    /// without the history role, and before this node has seen its own heartbeat: a node no peer
    /// knows about yet must not take shards its peers still believe are theirs.
    /// </summary>
    public bool ShouldOwn(int shardId, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shardId);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shardId, shardCount);
        return _identity.Has(NodeRoles.History) && Ring.OwnerOf(shardId) == _identity.HostId;
    }

    /// <summary>The shards of 0..shardCount-1 this node should own now.</summary>
    public IReadOnlyList<int> ShardsToOwn(int shardCount) =>
        [.. Enumerable.Range(0, shardCount).Where(id => ShouldOwn(id, shardCount))];

    public void Dispose() => _view.Changed -= OnMembershipChanged;

    private void OnMembershipChanged(object? sender, ClusterMembershipSnapshot snapshot) => Rebuild(snapshot);

    private void Rebuild(ClusterMembershipSnapshot snapshot)
    {
        ConsistentHashRing rebuilt;
        lock (_rebuilding)
        {
            var hosts = snapshot.ForRole(NodeRoleNames.History).Select(m => m.HostId).Distinct(StringComparer.Ordinal).ToList();
            if (hosts.SequenceEqual(Ring.Hosts, StringComparer.Ordinal))
            {
                return;
            }
            rebuilt = new ConsistentHashRing(hosts);
            Volatile.Write(ref _ring, rebuilt);
        }
        RingChanged?.Invoke(this, rebuilt);
    }
}
