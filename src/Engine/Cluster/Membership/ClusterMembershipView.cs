using Fencepost.Engine.Cluster.Node;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Hosting;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Cluster.Membership;

/// <summary>
/// This node's view of the live cluster: re-read from cluster_membership every heartbeat
/// interval (plain reads, so they never conflict), with <see cref="Changed"/> raised only when
/// the set of members changes. Rows that expired long ago are deleted by one node only (the live
/// member with the lowest host id), so nodes do not race each other deleting the same rows.
/// </summary>
public sealed class ClusterMembershipView : BackgroundService
{
    private readonly IClusterStore _store;
    private readonly NodeIdentity _identity;
    private readonly IDynamicConfig _config;
    private readonly TimeProvider _time;
    private readonly ILogger<ClusterMembershipView> _logger;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly LoopWakeUp _nextRefresh = new();
    private readonly Lock _publishing = new();
    private ClusterMembershipSnapshot _current = ClusterMembershipSnapshot.Empty;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;
    private Func<CancellationToken, Task<bool>>? _beatNow;
    private int _left;

    public ClusterMembershipView(IClusterStore store, NodeIdentity identity, IDynamicConfig config, TimeProvider time,
        ILogger<ClusterMembershipView> logger)
    {
        _store = store;
        _identity = identity;
        _config = config;
        _time = time;
        _logger = logger;
    }

    /// <summary>The latest snapshot (empty until the first refresh).</summary>
    public ClusterMembershipSnapshot Current => Volatile.Read(ref _current);

    /// <summary>True once this node has left: it no longer counts itself as a member.</summary>
    public bool HasLeft => Volatile.Read(ref _left) == 1;

    /// <summary>Raised with the new snapshot when members join or leave (on the refreshing thread).</summary>
    public event EventHandler<ClusterMembershipSnapshot>? Changed;

    /// <summary>
    /// Raised with the time of the next scheduled refresh once its timer exists (on the refresh
    /// loop's thread), so tests on fake time know when moving the clock will trigger it.
    /// </summary>
    public event EventHandler<DateTimeOffset>? RefreshScheduled;

    /// <summary>Reads the live members now, publishes them, and prunes old rows when this node is the pruner and it is due.</summary>
    public async Task<ClusterMembershipSnapshot> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            var rows = await _store.ListMembersAsync(now, cancellationToken);
            if (SelfExpired(rows) && _beatNow is { } beat && await beat(cancellationToken))
            {
                // Its rows expired while it lives (beats late or failing, e.g. through a store
                // outage): published as is, this view would make the node let go of every shard and
                // take them back a beat later. Read again after a beat of its own.
                now = _time.GetUtcNow();
                rows = await _store.ListMembersAsync(now, cancellationToken);
            }
            var snapshot = new ClusterMembershipSnapshot(now, rows.Select(r => new ClusterMember(
                MembershipRowId.HostIdOf(r.HostId, r.Role), r.Role, r.RpcAddress, r.SessionStart, r.LastHeartbeat, r.RecordExpiry)));
            Publish(snapshot);
            await PruneIfDueAsync(now, cancellationToken);
            return Current;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>How to beat at once (the heartbeater registers it): used when a read finds this living node's rows expired.</summary>
    public void UseHeartbeat(Func<CancellationToken, Task<bool>> beatNow) => _beatNow = beatNow;

    /// <summary>Asks the refresh loop to read now instead of at the end of its interval.</summary>
    public void RequestRefresh() => _nextRefresh.Request();

    /// <summary>
    /// This node is leaving: from now on it is absent from its own view, so its shard policy stops
    /// claiming shards at once, before its expired row reaches the peers.
    /// </summary>
    public void MarkLeft()
    {
        lock (_publishing)
        {
            if (_left == 1)
            {
                return;
            }
            Volatile.Write(ref _left, 1);
            Publish(Current);
        }
    }

    public override void Dispose()
    {
        _refreshing.Dispose();
        _nextRefresh.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The previous view stays in force; the next interval tries again.
                ClusterLog.RefreshFailed(_logger, ex);
            }

            try
            {
                await WaitForNextRefreshAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task WaitForNextRefreshAsync(CancellationToken stoppingToken)
    {
        var delay = _config.Get(ClusterConfigKeys.HeartbeatInterval);
        var wait = _nextRefresh.WaitAsync(delay, _time, stoppingToken);
        RefreshScheduled?.Invoke(this, _time.GetUtcNow() + delay);
        await wait;
    }

    private async Task PruneIfDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var retention = _config.Get(ClusterConfigKeys.MembershipRetention);
        var pruner = Current.Members.Select(m => m.HostId).Order(StringComparer.Ordinal).FirstOrDefault();
        if (HasLeft || pruner != _identity.HostId || now - _lastPrune < retention)
        {
            return;
        }

        var expiredBefore = now - retention;
        var pruned = await _store.PruneMembersAsync(expiredBefore, cancellationToken);
        _lastPrune = now;
        if (pruned > 0)
        {
            ClusterLog.Pruned(_logger, pruned, expiredBefore);
        }
    }

    /// <summary>This node was in the published view and has not left, yet the store no longer lists it.</summary>
    private bool SelfExpired(IReadOnlyList<MembershipRecord> rows)
    {
        if (HasLeft || !Current.Members.Any(m => m.HostId == _identity.HostId))
        {
            return false;
        }
        if (rows.Any(r => MembershipRowId.HostIdOf(r.HostId, r.Role) == _identity.HostId))
        {
            return false;
        }
        ClusterLog.SelfExpired(_logger, _identity.HostId);
        return true;
    }

    private ClusterMembershipSnapshot WithoutSelfIfLeft(ClusterMembershipSnapshot snapshot) =>
        HasLeft && snapshot.Members.Any(m => m.HostId == _identity.HostId)
            ? new ClusterMembershipSnapshot(snapshot.ReadAt, snapshot.Members.Where(m => m.HostId != _identity.HostId))
            : snapshot;

    /// <summary>
    /// Under one lock so a refresh that read the store before <see cref="MarkLeft"/> cannot put this
    /// node back into its view, and subscribers see snapshots in the order they were published.
    /// </summary>
    private void Publish(ClusterMembershipSnapshot snapshot)
    {
        lock (_publishing)
        {
            snapshot = WithoutSelfIfLeft(snapshot);
            var previous = Interlocked.Exchange(ref _current, snapshot);
            if (previous.HasSameMembersAs(snapshot))
            {
                return;
            }

            ClusterLog.MembershipChanged(_logger, string.Join(", ", snapshot.Members.Select(m => $"{m.HostId}/{m.Role}")));
            try
            {
                Changed?.Invoke(this, snapshot);
            }
            catch (Exception ex)
            {
                // A subscriber's bug must not stop membership refreshes for everyone else.
                ClusterLog.ChangeHandlerFailed(_logger, ex);
            }
        }
    }
}
