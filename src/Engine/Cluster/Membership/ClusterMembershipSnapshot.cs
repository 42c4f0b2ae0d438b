namespace Fencepost.Engine.Cluster.Membership;

/// <summary>The live members as read at <see cref="ReadAt"/>, grouped by role and ordered by host id.</summary>
public sealed class ClusterMembershipSnapshot
{
    private readonly Dictionary<string, IReadOnlyList<ClusterMember>> _byRole;

    public ClusterMembershipSnapshot(DateTimeOffset readAt, IEnumerable<ClusterMember> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        ReadAt = readAt;
        Members = [.. members.OrderBy(m => m.Role, StringComparer.Ordinal).ThenBy(m => m.HostId, StringComparer.Ordinal)];
        _byRole = Members.GroupBy(m => m.Role, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ClusterMember>)[.. g], StringComparer.Ordinal);
    }

    public static ClusterMembershipSnapshot Empty { get; } = new(DateTimeOffset.MinValue, []);

    public DateTimeOffset ReadAt { get; }

    public IReadOnlyList<ClusterMember> Members { get; }

    /// <summary>Live members of <paramref name="role"/> (e.g. "history"), ordered by host id.</summary>
    public IReadOnlyList<ClusterMember> ForRole(string role) => _byRole.GetValueOrDefault(role) ?? [];

    /// <summary>
    /// True when both hold the same members (host, role, address, session). Heartbeat times are
    /// ignored: they change on every beat without changing who is in the cluster.
    /// </summary>
    public bool HasSameMembersAs(ClusterMembershipSnapshot other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Members.Count == other.Members.Count
            && Members.Zip(other.Members).All(p => Identity(p.First) == Identity(p.Second));
    }

    private static (string, string, string, DateTimeOffset) Identity(ClusterMember m) => (m.HostId, m.Role, m.RpcAddress, m.SessionStart);
}
