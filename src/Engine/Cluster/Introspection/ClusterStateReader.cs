using Fencepost.Engine.Cluster.Membership;
using Fencepost.Engine.Cluster.Node;
using Fencepost.Engine.Cluster.Ring;
using Fencepost.Engine.Introspection;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.Cluster.Introspection;

/// <summary>Builds <see cref="ClusterState"/>: the shard rows are read from the store (the truth), the rest is this node's view.</summary>
internal sealed class ClusterStateReader(
    IPersistenceStore store,
    NodeIdentity identity,
    ClusterMembershipView view,
    RingShardOwnershipPolicy policy,
    IShardOwnershipView owned)
{
    public async Task<ClusterState> ReadAsync(CancellationToken cancellationToken)
    {
        var shards = await store.Shards.ListShardsAsync(cancellationToken).ConfigureAwait(false);
        return new ClusterState(
            identity.HostId,
            NodeRoleNames.Format(identity.Roles),
            policy.Ring.Hosts,
            [.. owned.GetOwnedShards().Select(s => s.ShardId)],
            [.. view.Current.Members.Select(m => new ClusterStateMember(m.HostId, m.Role, m.RpcAddress, m.LastHeartbeat, m.RecordExpiry))],
            [.. shards.Select(s => new ClusterStateShard(s.ShardId, s.Owner, s.RangeId, s.AcquiredAt))]);
    }
}
