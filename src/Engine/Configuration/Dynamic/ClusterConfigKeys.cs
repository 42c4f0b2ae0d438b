namespace Fencepost.Engine.Configuration.Dynamic;

/// <summary>
/// Membership timing. Defaults are shorter than Temporal's 10 s + 0-5 s / 20 s so that a killed
/// history host's shards move within about ten seconds (tests and the local cluster script wait
/// for failover); each beat is one single-row upsert of the host's own row, so the faster beat
/// costs no OCC conflicts, only a few writes per second across a twenty-node cluster.
/// </summary>
public static class ClusterConfigKeys
{
    public static readonly DynamicConfigKey<TimeSpan> HeartbeatInterval = new(
        "cluster.heartbeatInterval", TimeSpan.FromSeconds(2),
        "Time between a node's membership heartbeats (plus random jitter). Also how often each node re-reads the member list.",
        v => v >= TimeSpan.FromMilliseconds(100) && v <= TimeSpan.FromMinutes(5) ? null : "must be between 100 ms and 5 minutes");

    public static readonly DynamicConfigKey<TimeSpan> HeartbeatJitter = new(
        "cluster.heartbeatJitter", TimeSpan.FromSeconds(1),
        "Upper bound of the random delay added to every heartbeat interval, so nodes started together do not write in lockstep.",
        v => v >= TimeSpan.Zero && v <= TimeSpan.FromMinutes(1) ? null : "must be between 0 and 1 minute");

    public static readonly DynamicConfigKey<TimeSpan> MembershipExpiry = new(
        "cluster.membershipExpiry", TimeSpan.FromSeconds(8),
        "How long peers trust a heartbeat. Keep it above two heartbeat periods (interval + jitter) so one slow beat does not drop a live node and move its shards.",
        v => v >= TimeSpan.FromMilliseconds(500) && v <= TimeSpan.FromMinutes(30) ? null : "must be between 500 ms and 30 minutes");

    public static readonly DynamicConfigKey<TimeSpan> StartupJitter = new(
        "cluster.startupJitter", TimeSpan.FromSeconds(2),
        "Upper bound of the random delay before a node's first heartbeat, so a whole-cluster restart does not write all rows in the same instant.",
        v => v >= TimeSpan.Zero && v <= TimeSpan.FromMinutes(1) ? null : "must be between 0 and 1 minute");

    public static readonly DynamicConfigKey<TimeSpan> MembershipRetention = new(
        "cluster.membershipRetention", TimeSpan.FromMinutes(10),
        "Rows that expired longer ago than this are deleted (by one node, the live member with the lowest host id, at most once per this period).",
        v => v >= TimeSpan.FromSeconds(10) && v <= TimeSpan.FromDays(7) ? null : "must be between 10 seconds and 7 days");

    public static readonly DynamicConfigKey<TimeSpan> NamespaceRefreshInterval = new(
        "cluster.namespaceRefreshInterval", TimeSpan.FromSeconds(5),
        "How often each node re-reads every namespace from the store, so a namespace registered or updated on one node is seen by the others within this interval.",
        v => v >= TimeSpan.FromMilliseconds(100) && v <= TimeSpan.FromMinutes(10) ? null : "must be between 100 ms and 10 minutes");
}
