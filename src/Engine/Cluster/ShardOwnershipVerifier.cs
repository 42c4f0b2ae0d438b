using Fencepost.Engine.Cluster.Ring;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.History;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Cluster;

/// <summary>
/// For a while after every ring change, compares the shards this node holds with the stored shard
/// rows once per heartbeat interval and drops those another node acquired since. Views of the
/// membership disagree for up to one refresh after a change, so a node may briefly take a shard
/// its peer keeps; the peer learns it at its next fenced write, or here, whichever comes first,
/// and the shard settles on the ring's owner. The first window opens when the node starts. Outside
/// these windows it costs nothing.
/// </summary>
internal sealed partial class ShardOwnershipVerifier(
    RingShardOwnershipPolicy policy,
    ShardController shards,
    IDynamicConfig config,
    TimeProvider timeProvider,
    ILogger<ShardOwnershipVerifier> logger) : BackgroundService
{
    private readonly SemaphoreSlim _ringChanged = new(0, 1);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        policy.RingChanged += OnRingChanged;
        // The node just joined: its ring changed while it was starting, before this service ran,
        // and a peer starting at the same moment may have taken a shard from it since (an idle
        // node would never write to that shard, so only this check would find out).
        OnRingChanged(this, policy.Ring);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        policy.RingChanged -= OnRingChanged;
        _ringChanged.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await _ringChanged.WaitAsync(stoppingToken).ConfigureAwait(false);
                // Two expiries: long enough for every peer to have seen the change and acted on it.
                var until = timeProvider.GetUtcNow() + 2 * config.Get(ClusterConfigKeys.MembershipExpiry);
                while (timeProvider.GetUtcNow() < until)
                {
                    await Task.Delay(config.Get(ClusterConfigKeys.HeartbeatInterval), timeProvider, stoppingToken).ConfigureAwait(false);
                    await VerifyAsync(stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task VerifyAsync(CancellationToken stoppingToken)
    {
        try
        {
            await shards.DropSupersededAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogVerifyFailed(logger, ex);
        }
    }

    private void OnRingChanged(object? sender, ConsistentHashRing ring)
    {
        try
        {
            _ringChanged.Release();
        }
        catch (SemaphoreFullException)
        {
            // A check window is already pending.
        }
    }

    [LoggerMessage(EventId = 7122, Level = LogLevel.Error, Message = "Comparing owned shards with the stored shard rows failed; the next check tries again")]
    private static partial void LogVerifyFailed(ILogger logger, Exception exception);
}
