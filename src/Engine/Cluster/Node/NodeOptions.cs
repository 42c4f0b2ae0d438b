namespace Fencepost.Engine.Cluster.Node;

/// <summary>Who this process is in the cluster (section <c>Fencepost:Node</c>).</summary>
public sealed class NodeOptions
{
    public const string SectionName = "Fencepost:Node";

    /// <summary>Comma-separated roles: any of frontend, history, matching, console.</summary>
    public string Roles { get; set; } = "frontend,history,matching,console";

    /// <summary>
    /// This node's identity in cluster_membership and as shard owner. Empty: machine name,
    /// process id and a random suffix, so a restarted process is a new member (its old row simply expires).
    /// </summary>
    public string? HostId { get; set; }

    /// <summary>host:port peers use to reach this node's internal gRPC. Empty: the frontend address.</summary>
    public string? RpcAddress { get; set; }
}
