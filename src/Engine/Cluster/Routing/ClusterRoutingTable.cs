using Fencepost.Engine.Cluster.Membership;
using Fencepost.Engine.Cluster.Node;
using Fencepost.Engine.Cluster.Ring;
using Fencepost.Engine.History;
using Fencepost.Engine.Introspection;

namespace Fencepost.Engine.Cluster.Routing;

/// <summary>
/// Who owns what, as this node sees it: a workflow's shard belongs to the history host the shard
/// ring names (the ring every node builds from the same membership rows), a task queue to the
/// matching host a second ring over the live matching members names. Null means "this node":
/// either it is the owner or no owner is known yet (then the local path answers UNAVAILABLE after
/// its short wait and the SDK retries). Owners are computed, not looked up, so a route costs no
/// database read; a stale view is corrected by the fence (the old owner's writes fail) and by the
/// forwarder retrying after a refresh.
/// </summary>
internal sealed class ClusterRoutingTable(ClusterMembershipView view, RingShardOwnershipPolicy shards, IShardOwnershipView ownership, NodeIdentity identity)
{
    private MatchingRingOf? _matchingRing;

    public string HostId => identity.HostId;

    /// <summary>The history host for <paramref name="workflowId"/>, or null when it is this node (or unknown).</summary>
    public PeerTarget? HistoryOwner(Guid namespaceId, string workflowId)
    {
        var shardCount = ownership.ShardCount;
        if (shardCount == 0)
        {
            return null;
        }
        var owner = shards.Ring.OwnerOf(ShardResolver.GetShardId(namespaceId, workflowId, shardCount));
        return Peer(owner, NodeRoleNames.History);
    }

    /// <summary>The matching host for a task queue, or null when it is this node (or unknown).</summary>
    public PeerTarget? MatchingOwner(string namespaceName, string taskQueue) =>
        Peer(MatchingRing().OwnerOf(TaskQueueKey(namespaceName, taskQueue)), NodeRoleNames.Matching);

    /// <summary>True when some live member serves matching (else tasks have nowhere to go yet).</summary>
    public bool HasMatchingHosts => !MatchingRing().IsEmpty;

    /// <summary>Asks the membership view to re-read now (after a peer said it is not the owner, or could not be reached).</summary>
    public void RequestRefresh() => view.RequestRefresh();

    public static string TaskQueueKey(string namespaceName, string taskQueue) => $"{namespaceName}/{taskQueue}";

    private PeerTarget? Peer(string? hostId, string role)
    {
        if (hostId is null || hostId == identity.HostId)
        {
            return null;
        }
        var member = view.Current.ForRole(role).FirstOrDefault(m => m.HostId == hostId);
        return member is null ? null : new PeerTarget(member.HostId, member.RpcAddress);
    }

    /// <summary>
    /// The ring over the live matching hosts, built once per membership snapshot (routing asks for
    /// it on every dispatch, poll and query; snapshots are immutable and replaced on refresh).
    /// </summary>
    private ConsistentHashRing MatchingRing()
    {
        var current = view.Current;
        var cached = Volatile.Read(ref _matchingRing);
        if (cached is not null && ReferenceEquals(cached.Snapshot, current))
        {
            return cached.Ring;
        }
        var hosts = current.ForRole(NodeRoleNames.Matching).Select(m => m.HostId).Distinct(StringComparer.Ordinal).ToList();
        var ring = cached is not null && hosts.SequenceEqual(cached.Ring.Hosts, StringComparer.Ordinal) ? cached.Ring : new ConsistentHashRing(hosts);
        Volatile.Write(ref _matchingRing, new MatchingRingOf(current, ring));
        return ring;
    }

    private sealed record MatchingRingOf(ClusterMembershipSnapshot Snapshot, ConsistentHashRing Ring);
}
