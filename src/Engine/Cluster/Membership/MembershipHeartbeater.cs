using Fencepost.Engine.Cluster.Node;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Cluster.Membership;

/// <summary>
/// Keeps this node's cluster_membership rows (one per role) alive. Each beat writes only this
/// node's own rows, so heartbeats of different nodes never touch the same row and cannot
/// conflict under OCC; the random start delay and per-beat jitter keep a cluster restarted at
/// once from writing in lockstep. Timing keys are re-read at every beat. On a graceful stop the
/// node first leaves its own view (its shards are released at once), then writes rows that are
/// already expired, so peers take its shards at their next refresh instead of waiting for expiry.
/// </summary>
public sealed class MembershipHeartbeater : BackgroundService
{
    /// <summary>How soon a failed beat is tried again (rather than a whole interval later).</summary>
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMilliseconds(500);

    private readonly SemaphoreSlim _beating = new(1, 1);
    /// <summary>Set when the node's start-up join ran (its start delay is spent, whether its beat succeeded or not).</summary>
    private volatile bool _joined;
    private readonly IClusterStore _store;
    private readonly NodeIdentity _identity;
    private readonly IDynamicConfig _config;
    private readonly TimeProvider _time;
    private readonly ClusterMembershipView _view;
    private readonly ILogger<MembershipHeartbeater> _logger;
    private readonly DateTimeOffset _sessionStart;
    private HeartbeatStatus _status = HeartbeatStatus.NotStarted;
    private int _wroteAnything;

    public MembershipHeartbeater(IClusterStore store, NodeIdentity identity, IDynamicConfig config, TimeProvider time,
        ClusterMembershipView view, ILogger<MembershipHeartbeater> logger)
    {
        _store = store;
        _identity = identity;
        _config = config;
        _time = time;
        _view = view;
        _logger = logger;
        _sessionStart = time.GetUtcNow();
        // The view asks for a beat at once when it reads this node's rows expired while it lives.
        view.UseHeartbeat(BeatNowAsync);
    }

    public HeartbeatStatus Status => Volatile.Read(ref _status);

    /// <summary>Raised after each beat, failure, newly scheduled beat and on leave (on the heartbeater's thread).</summary>
    public event EventHandler<HeartbeatStatus>? StatusChanged;

    /// <summary>
    /// Waits the random start delay and writes the first beat now, so a starting node can see
    /// itself (and take its shards) before it serves; the loop then carries on from the next beat.
    /// </summary>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        _joined = true;
        await WaitStartDelayAsync(cancellationToken);
        await BeatAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (!_joined)
            {
                await WaitStartDelayAsync(stoppingToken);
            }
            else if (Status.Beats > 0)
            {
                // Joined while starting: the first beat is written already.
                await WaitAsync(NextInterval(), stoppingToken);
            }
            // Joined, but that beat failed: beat at once rather than wait the start delay again.
            while (true)
            {
                var beat = await BeatAsync(stoppingToken);
                var interval = NextInterval();
                await WaitAsync(beat ? interval : TimeSpan.FromTicks(Math.Min(interval.Ticks, RetryAfterFailure.Ticks)), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes the leave rows.
        }
    }

    private async Task WaitStartDelayAsync(CancellationToken cancellationToken)
    {
        var startDelay = Sample(_config.Get(ClusterConfigKeys.StartupJitter));
        ClusterLog.Joining(_logger, _identity.HostId, NodeRoleNames.Format(_identity.Roles),
            _identity.RpcAddress, startDelay);
        await WaitAsync(startDelay, cancellationToken);
    }

    private TimeSpan NextInterval() => _config.Get(ClusterConfigKeys.HeartbeatInterval) + Sample(_config.Get(ClusterConfigKeys.HeartbeatJitter));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Leave the ring before anything stops, so this node's shard policy releases its shards
        // while the engine can still hand them over cleanly.
        _view.MarkLeft();
        await base.StopAsync(cancellationToken);
        if (Volatile.Read(ref _wroteAnything) == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        try
        {
            // RecordExpiry == now: ListMembersAsync(now) returns rows with expiry > now, so peers drop it immediately.
            await WriteRowsAsync(now, now, cancellationToken);
            Publish(Status with { NextBeatAt = null, Left = true });
            ClusterLog.Left(_logger, _identity.HostId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ClusterLog.LeaveFailed(_logger, ex, _identity.HostId);
        }
    }

    /// <summary>A beat now, between the loop's beats (the view asks when it read this node's rows expired); true when it was written.</summary>
    public Task<bool> BeatNowAsync(CancellationToken cancellationToken) => BeatAsync(cancellationToken);

    /// <summary>
    /// Writes this node's rows. A beat that cannot be written within one interval (the store is
    /// down or overloaded) gives up: written late it would carry an expiry computed before the
    /// wait, already past or nearly, and the next beat is sent soon with fresh times instead.
    /// </summary>
    private async Task<bool> BeatAsync(CancellationToken cancellationToken)
    {
        await _beating.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            var expiry = now + _config.Get(ClusterConfigKeys.MembershipExpiry);
            Volatile.Write(ref _wroteAnything, 1);
            using var bound = new CancellationTokenSource(_config.Get(ClusterConfigKeys.HeartbeatInterval), _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bound.Token);
            try
            {
                await WriteRowsAsync(now, expiry, linked.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Not fatal: the next beat retries, and peers drop this node only if beats keep failing until expiry.
                var failed = Status with { Failures = Status.Failures + 1, NextBeatAt = null };
                ClusterLog.HeartbeatFailed(_logger, ex, _identity.HostId, failed.Failures);
                Publish(failed);
                return false;
            }

            var first = Status.Beats == 0;
            Publish(Status with { Beats = Status.Beats + 1, LastBeatAt = now, NextBeatAt = null });
            if (first)
            {
                // Let this node see itself (and so own shards) now rather than a refresh interval later.
                _view.RequestRefresh();
            }
            return true;
        }
        finally
        {
            _beating.Release();
        }
    }

    private async Task WriteRowsAsync(DateTimeOffset now, DateTimeOffset expiry, CancellationToken cancellationToken)
    {
        foreach (var role in NodeRoleNames.Split(_identity.Roles))
        {
            var record = new MembershipRecord(MembershipRowId.For(_identity.HostId, role), _identity.RpcAddress,
                NodeRoleNames.NameOf(role), _sessionStart, now, expiry);
            await _store.UpsertMembershipAsync(record, cancellationToken);
        }
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        // Create the timer before announcing the next beat, so whoever reacts to the announcement
        // (a test moving a fake clock) cannot move time before the timer exists.
        var wait = Task.Delay(delay, _time, cancellationToken);
        Publish(Status with { NextBeatAt = _time.GetUtcNow() + delay });
        await wait;
    }

    private void Publish(HeartbeatStatus status)
    {
        Volatile.Write(ref _status, status);
        StatusChanged?.Invoke(this, status);
    }

    private static TimeSpan Sample(TimeSpan upperBound) => upperBound * Random.Shared.NextDouble();

    public override void Dispose()
    {
        _beating.Dispose();
        base.Dispose();
    }
}
