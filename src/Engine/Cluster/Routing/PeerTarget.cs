namespace Fencepost.Engine.Cluster.Routing;

/// <summary>Another node a call goes to: its host id and the address of its internal gRPC listener.</summary>
internal sealed record PeerTarget(string HostId, string RpcAddress);
