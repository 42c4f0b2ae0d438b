namespace Fencepost.Engine.Cluster.Introspection;

/// <summary>What <c>GET /cluster/state</c> answers: this node, the live members it sees, and every shard's owner as stored.</summary>
public sealed record ClusterState(
    string HostId,
    string Roles,
    IReadOnlyList<string> HistoryRing,
    IReadOnlyList<int> OwnedShards,
    IReadOnlyList<ClusterStateMember> Members,
    IReadOnlyList<ClusterStateShard> Shards);
