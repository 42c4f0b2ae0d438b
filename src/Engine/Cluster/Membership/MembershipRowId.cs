using Fencepost.Engine.Cluster.Node;

namespace Fencepost.Engine.Cluster.Membership;

/// <summary>
/// cluster_membership is keyed by host_id alone, and a node heartbeats once per role (as
/// Temporal's services do), so the row id is "{hostId}/{role}": each row still has exactly one
/// writer, the node that owns it.
/// </summary>
public static class MembershipRowId
{
    public const char Separator = '/';

    public static string For(string hostId, NodeRoles role) => $"{hostId}{Separator}{NodeRoleNames.NameOf(role)}";

    /// <summary>The node's host id inside a row id; a row written by something else is returned whole.</summary>
    public static string HostIdOf(string rowId, string role)
    {
        ArgumentNullException.ThrowIfNull(rowId);
        var suffix = Separator + role;
        return rowId.EndsWith(suffix, StringComparison.Ordinal) && rowId.Length > suffix.Length
            ? rowId[..^suffix.Length]
            : rowId;
    }
}
