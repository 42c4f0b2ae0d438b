namespace Fencepost.Engine.Cluster.Membership;

/// <summary>One live role of one node, as its latest heartbeat row describes it.</summary>
public sealed record ClusterMember(
    string HostId,
    string Role,
    string RpcAddress,
    DateTimeOffset SessionStart,
    DateTimeOffset LastHeartbeat,
    DateTimeOffset RecordExpiry);
