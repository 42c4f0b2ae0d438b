using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Cluster.Membership;

/// <summary>Membership log events (ids 7100-7199).</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(7100, LogLevel.Information, "Node {HostId} joins as {Roles} at {RpcAddress}; first heartbeat in {Delay}.")]
    public static partial void Joining(ILogger logger, string hostId, string roles, string rpcAddress, TimeSpan delay);

    [LoggerMessage(7101, LogLevel.Error, "Heartbeat of {HostId} failed ({Failures} failures so far); peers drop this node if it keeps failing until its row expires.")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception, string hostId, long failures);

    [LoggerMessage(7102, LogLevel.Information, "Node {HostId} left the cluster (wrote expired membership rows).")]
    public static partial void Left(ILogger logger, string hostId);

    [LoggerMessage(7103, LogLevel.Error, "Node {HostId} could not write its leave rows; peers will drop it when its rows expire.")]
    public static partial void LeaveFailed(ILogger logger, Exception exception, string hostId);

    [LoggerMessage(7110, LogLevel.Information, "Cluster membership changed: {Members}.")]
    public static partial void MembershipChanged(ILogger logger, string members);

    [LoggerMessage(7111, LogLevel.Error, "Reading cluster membership failed; keeping the previous view.")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(7112, LogLevel.Information, "Pruned {Count} membership rows that expired before {ExpiredBefore}.")]
    public static partial void Pruned(ILogger logger, int count, DateTimeOffset expiredBefore);

    [LoggerMessage(7113, LogLevel.Error, "A membership change handler failed.")]
    public static partial void ChangeHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(7114, LogLevel.Warning, "Node {HostId} found its own membership rows expired (its heartbeats were late or failed); beating at once before trusting that view.")]
    public static partial void SelfExpired(ILogger logger, string hostId);
}
