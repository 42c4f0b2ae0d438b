namespace Fencepost.Engine.Cluster.Introspection;

/// <summary>One live role of one node in <see cref="ClusterState"/>.</summary>
public sealed record ClusterStateMember(string HostId, string Role, string RpcAddress, DateTimeOffset LastHeartbeat, DateTimeOffset RecordExpiry);
