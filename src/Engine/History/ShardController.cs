using System.Collections.Concurrent;
using Fencepost.Engine.Errors;
using Fencepost.Engine.Hosting;
using Fencepost.Engine.Introspection;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.History;

/// <summary>
/// Acquires the history shards the ownership policy assigns to this host (moving each shard's
/// range_id, which fences out any previous owner), runs their writers and queue processors, drops
/// a shard whose write found it owned by someone else, and re-acquires it while the policy says so.
/// </summary>
internal sealed partial class ShardController(
    IPersistenceStore store,
    IShardOwnershipPolicy policy,
    IServiceProvider services,
    TimeProvider timeProvider,
    ILogger<ShardController> logger) : BackgroundService, IShardOwnershipView
{
    private const int RunCacheCapacity = 4_096;
    private static readonly TimeSpan ReconcileInterval = TimeSpan.FromSeconds(2);
    /// <summary>
    /// How long a request waits for a shard this host should own but is (re-)acquiring, within the
    /// caller's deadline, so a shard reloading through a short outage holds its requests instead of
    /// failing them. Shorter than the store's own 30 s hold: while nodes join and leave, a shard that
    /// ends up elsewhere must answer UNAVAILABLE early enough for the SDK's retry to reach its new
    /// owner before the call's deadline (held 30 s, starts timed out at the client in the
    /// node-added cluster test).
    /// </summary>
    private static readonly TimeSpan AcquireWait = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<int, OwnedShard> _owned = new();
    private readonly SemaphoreSlim _reconcileGate = new(1, 1);
    private readonly LoopWakeUp _nextReconcile = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Fixed at cluster creation; set once by the bootstrapper before any request is served.</summary>
    public int ShardCount { get; private set; }

    public string HostId => policy.HostId;

    public IReadOnlyList<ShardOwnershipSnapshot> GetOwnedShards() =>
        [.. _owned.Values.OrderBy(s => s.Context.ShardId).Select(s =>
        {
            var (transactions, writes, commitTime) = s.Context.CommitTotals;
            return new ShardOwnershipSnapshot(s.Context.ShardId, s.Context.RangeId, policy.HostId, s.AcquiredAt, s.Context.Cache.Count, s.Timers.PendingCount)
            {
                CommittedTransactions = transactions,
                CommittedWrites = writes,
                CommitTime = commitTime,
            };
        })];

    /// <summary>
    /// Shards the ownership policy gives this host that it does not hold (or holds but has lost);
    /// null before the shard count is known. Empty means the node serves its whole share.
    /// </summary>
    public IReadOnlyList<int>? ShardsNotYetOwned()
    {
        var count = ShardCount;
        if (count == 0)
        {
            return null;
        }
        return [.. Enumerable.Range(0, count).Where(id => policy.ShouldOwn(id, count) && !(_owned.TryGetValue(id, out var shard) && !shard.Context.IsLost))];
    }

    /// <summary>The timer queue of an owned shard (tests await its deletes); null when not owned.</summary>
    internal TimerQueueProcessor? TimerQueueOf(int shardId) => _owned.TryGetValue(shardId, out var shard) ? shard.Timers : null;

    /// <summary>Sets the shard count and acquires every shard this host should own.</summary>
    public async Task InitializeAsync(int shardCount, CancellationToken cancellationToken)
    {
        ShardCount = shardCount;
        await ReconcileAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The owned shard, waiting briefly while it is being (re-)acquired; else UNAVAILABLE (clients retry).</summary>
    public async Task<ShardContext> GetShardAsync(int shardId, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + AcquireWait;
        while (true)
        {
            if (_owned.TryGetValue(shardId, out var shard) && !shard.Context.IsLost)
            {
                return shard.Context;
            }
            var changed = Volatile.Read(ref _changed).Task;
            var remaining = deadline - timeProvider.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                throw ServiceErrorException.Unavailable($"History shard {shardId} is not owned by this host right now; retry.");
            }
            await SignalOrTimeout.WaitAsync(changed, remaining, timeProvider, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Reconciles now instead of at the next interval (the cluster calls this when the ring
    /// changes, so shards move within one membership refresh rather than one more interval).
    /// </summary>
    public void RequestReconcile() => _nextReconcile.Request();

    /// <summary>Reconciles at once and returns when this host owns what the policy says (used while starting).</summary>
    public Task ReconcileNowAsync(CancellationToken cancellationToken) => ReconcileAsync(cancellationToken);

    /// <summary>
    /// Drops every owned shard whose stored range moved past this host's (another host acquired it,
    /// e.g. while membership views disagreed after a change), so the next reconcile re-acquires it
    /// when the policy still assigns it here. Without this, a host that never writes to such a
    /// shard would keep believing it owns it. Returns how many were dropped.
    /// </summary>
    public async Task<int> DropSupersededAsync(CancellationToken cancellationToken)
    {
        var rows = await store.Shards.ListShardsAsync(cancellationToken).ConfigureAwait(false);
        var dropped = 0;
        await _reconcileGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var row in rows)
            {
                // Only a higher range is someone else's: ours may have moved on since the read (renewal).
                if (_owned.TryGetValue(row.ShardId, out var shard) && row.RangeId > shard.Context.RangeId)
                {
                    LogSuperseded(logger, row.ShardId, shard.Context.RangeId, row.Owner, row.RangeId);
                    await DropAsync(row.ShardId).ConfigureAwait(false);
                    dropped++;
                }
            }
        }
        finally
        {
            _reconcileGate.Release();
        }
        if (dropped > 0)
        {
            RequestReconcile();
        }
        return dropped;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await WaitForNextReconcileAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await ReconcileAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogReconcileFailed(logger, ex);
            }
        }
    }

    private async Task<bool> WaitForNextReconcileAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _nextReconcile.WaitAsync(ReconcileInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        foreach (var shardId in _owned.Keys.ToList())
        {
            await DropAsync(shardId).ConfigureAwait(false);
        }
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        if (ShardCount == 0)
        {
            return;
        }
        await _reconcileGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var shardId = 0; shardId < ShardCount; shardId++)
            {
                var own = policy.ShouldOwn(shardId, ShardCount);
                var owned = _owned.TryGetValue(shardId, out var current);
                if (owned && (current!.Context.IsLost || !own))
                {
                    await DropAsync(shardId).ConfigureAwait(false);
                    owned = false;
                }
                if (own && !owned)
                {
                    await AcquireAsync(shardId, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _reconcileGate.Release();
        }
    }

    private async Task AcquireAsync(int shardId, CancellationToken cancellationToken)
    {
        var row = await store.Shards.GetOrCreateShardAsync(shardId, cancellationToken).ConfigureAwait(false);
        ShardContext context;
        try
        {
            var acquired = await store.Shards.AcquireShardAsync(shardId, policy.HostId, row.RangeId, cancellationToken).ConfigureAwait(false);
            context = new ShardContext(acquired, policy.HostId, store, logger, RunCacheCapacity, services.GetRequiredService<Metrics.EngineInstruments>());
        }
        catch (ShardOwnershipLostException)
        {
            // Someone acquired it between our read and our acquire; the next reconcile tries again.
            return;
        }
        var executor = services.GetRequiredService<ShardTaskExecutor>();
        var deadLetters = services.GetRequiredService<ShardTaskDeadLetters>();
        var transfer = new TransferQueueProcessor(context, store, executor, deadLetters, timeProvider, logger);
        var timers = new TimerQueueProcessor(context, store, executor, deadLetters, timeProvider, logger);
        context.TransferSink = transfer;
        context.TimerSink = timers;
        context.OwnershipLost += (_, _) =>
        {
            Signal();
            // Let go at once (and acquired again when still ours), not at the next interval.
            RequestReconcile();
        };
        try
        {
            await transfer.StartAsync(cancellationToken).ConfigureAwait(false);
            await timers.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The store went away while the queues loaded: let this ownership go whole (its loops
            // stop with its lifetime), and the next reconcile acquires the shard again.
            await context.DisposeAsync().ConfigureAwait(false);
            await transfer.StopAsync().ConfigureAwait(false);
            await timers.StopAsync().ConfigureAwait(false);
            timers.Dispose();
            throw;
        }
        context.Start();
        _owned[shardId] = new OwnedShard(context, transfer, timers, timeProvider.GetUtcNow());
        LogAcquired(logger, shardId, context.RangeId);
        Signal();
    }

    private async Task DropAsync(int shardId)
    {
        if (!_owned.TryRemove(shardId, out var shard))
        {
            return;
        }
        await shard.Context.DisposeAsync().ConfigureAwait(false);
        await shard.Transfer.StopAsync().ConfigureAwait(false);
        await shard.Timers.StopAsync().ConfigureAwait(false);
        shard.Timers.Dispose();
        LogDropped(logger, shardId);
        Signal();
    }

    private void Signal() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private sealed record OwnedShard(ShardContext Context, TransferQueueProcessor Transfer, TimerQueueProcessor Timers, DateTimeOffset AcquiredAt);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Acquired history shard {ShardId} at range {RangeId}")]
    private static partial void LogAcquired(ILogger logger, int shardId, long rangeId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Dropped history shard {ShardId}")]
    private static partial void LogDropped(ILogger logger, int shardId);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "History shard {ShardId} lost: held at range {RangeId}, but {Owner} acquired it at range {StoredRangeId}; dropping it")]
    private static partial void LogSuperseded(ILogger logger, int shardId, long rangeId, string owner, long storedRangeId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Shard reconciliation failed")]
    private static partial void LogReconcileFailed(ILogger logger, Exception exception);
}
