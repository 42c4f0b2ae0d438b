using Fencepost.Engine.Cluster.Membership;
using Fencepost.Engine.Cluster.Ring;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.History;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Cluster;

/// <summary>
/// Joins the cluster before the node serves: after the engine bootstrapped the store, waits the
/// random start delay (so nodes started together do not write at once), writes the first
/// heartbeat, reads the members and acquires the shards the ring gives this node. A single node
/// therefore owns every shard when its listeners open, with no stall before its first workflow.
/// From then on every ring change makes the shard controller reconcile at once.
/// </summary>
internal sealed partial class ClusterStartup(
    MembershipHeartbeater heartbeater,
    ClusterMembershipView view,
    RingShardOwnershipPolicy policy,
    ShardController shards,
    IDynamicConfig config,
    ILogger<ClusterStartup> logger) : IHostedService, IDisposable
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        policy.RingChanged += OnRingChanged;
        if (config is PersistedDynamicConfig persisted)
        {
            // The stored cluster.* values (start delay, expiry) apply from the first beat on.
            await persisted.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        await heartbeater.JoinAsync(cancellationToken).ConfigureAwait(false);
        var members = await view.RefreshAsync(cancellationToken).ConfigureAwait(false);
        await shards.ReconcileNowAsync(cancellationToken).ConfigureAwait(false);
        LogJoined(logger, policy.HostId, members.Members.Count, shards.GetOwnedShards().Count, shards.ShardCount);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => policy.RingChanged -= OnRingChanged;

    private void OnRingChanged(object? sender, ConsistentHashRing ring)
    {
        LogRingChanged(logger, string.Join(", ", ring.Hosts));
        shards.RequestReconcile();
    }

    [LoggerMessage(EventId = 7120, Level = LogLevel.Information, Message = "Node {HostId} joined: {Members} live member rows, owns {Owned} of {ShardCount} shards")]
    private static partial void LogJoined(ILogger logger, string hostId, int members, int owned, int shardCount);

    [LoggerMessage(EventId = 7121, Level = LogLevel.Information, Message = "History ring is now {Hosts}; reconciling shards")]
    private static partial void LogRingChanged(ILogger logger, string hosts);
}
