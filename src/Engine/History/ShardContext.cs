using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Fencepost.Engine.Errors;
using Fencepost.Engine.Metrics;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Queues;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.History;

/// <summary>
/// A history shard this host owns: its fencing range, its task-id allocator, its run cache and the
/// single writer that issues all of its writes in order. Writes queued behind each other while a
/// transaction is in flight are merged into one <see cref="ShardWriteRequest"/>, which is how one
/// shard goes beyond one write per commit latency.
/// </summary>
internal sealed partial class ShardContext : IAsyncDisposable
{
    private const int TaskIdBits = 20;
    private const int MaxPartsPerBatch = 128;
    private const int MaxRowsPerBatch = 2_000;
    private const long MaxBytesPerBatch = 4L * 1024 * 1024;

    /// <summary>The db.operation.name a committed shard write is recorded under.</summary>
    public const string ShardWriteOperation = "ShardWrite";

    private readonly IPersistenceStore _store;
    private readonly ILogger _logger;
    private readonly EngineInstruments? _instruments;
    private readonly Channel<PendingShardWrite> _writes = Channel.CreateUnbounded<PendingShardWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ConcurrentDictionary<WorkflowKey, TaskCompletionSource> _watchers = new();
    private readonly string _owner;
    private long _nextTaskId;
    private long _committedTransactions;
    private long _committedWrites;
    private long _commitTicks;
    private long _maxTaskId;
    private Task? _writerLoop;

    public ShardContext(ShardInfo acquired, string owner, IPersistenceStore store, ILogger logger, int cacheCapacity, EngineInstruments? instruments = null)
    {
        _instruments = instruments;
        ShardId = acquired.ShardId;
        RangeId = acquired.RangeId;
        _owner = owner;
        _store = store;
        _logger = logger;
        Cache = new RunCache(cacheCapacity);
        SetTaskIdRange(RangeId);
    }

    public int ShardId { get; }

    public long RangeId { get; private set; }

    /// <summary>Running totals of this ownership's committed shard transactions, the writes merged into them and their commit time (for the console's per-shard rate and ceiling).</summary>
    public (long Transactions, long Writes, TimeSpan CommitTime) CommitTotals =>
        (Interlocked.Read(ref _committedTransactions), Interlocked.Read(ref _committedWrites), TimeSpan.FromTicks(Interlocked.Read(ref _commitTicks)));

    public RunCache Cache { get; }

    public bool IsLost { get; private set; }

    public CancellationToken Lifetime => _lifetime.Token;

    /// <summary>Set before processors start; receives committed outbox tasks in commit order.</summary>
    public IShardTaskSink? TransferSink { get; set; }

    public IShardTaskSink? TimerSink { get; set; }

    /// <summary>
    /// Raised once when the writer stops and the shard must be let go: a write found it acquired by
    /// someone else, or what it holds in memory can no longer be trusted (a commit whose outcome is
    /// unknown, a failed range renewal). The controller drops it, and acquires it again (re-reading
    /// everything) while the ownership policy still gives it to this host.
    /// </summary>
    public event EventHandler? OwnershipLost;

    /// <summary>The earliest timer task of the batch being written, so the timer ack level never passes it.</summary>
    public DateTimeOffset? InflightTimerMinimum { get; private set; }

    public void Start() => _writerLoop = Task.Run(() => RunWriterAsync(_lifetime.Token));

    /// <summary>Queues a write and completes when it has committed (or failed).</summary>
    public Task SubmitAsync(PendingShardWrite write)
    {
        if (IsLost || !_writes.Writer.TryWrite(write))
        {
            throw new ShardOwnershipLostException(ShardId, RangeId, null);
        }
        return write.Completion.Task;
    }

    /// <summary>A task that completes after the next committed change of <paramref name="key"/>.</summary>
    public Task WaitForChangeAsync(WorkflowKey key) =>
        _watchers.GetOrAdd(key, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void NotifyChanged(WorkflowKey key)
    {
        if (_watchers.TryRemove(key, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _lifetime.CancelAsync().ConfigureAwait(false);
        if (_writerLoop is not null)
        {
            try
            {
                await _writerLoop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }
        while (_writes.Reader.TryRead(out var pending))
        {
            pending.Completion.TrySetException(new ShardOwnershipLostException(ShardId, RangeId, null));
        }
        // Callers of updates this node held in memory get UNAVAILABLE; the SDK sends them to the new owner.
        Cache.Clear(Updates.UpdateErrors.AbortedByServer($"shard {ShardId} was released by this node"));
        foreach (var waiter in _watchers.Values) waiter.TrySetResult();
        _lifetime.Dispose();
    }

    private void SetTaskIdRange(long rangeId)
    {
        _nextTaskId = rangeId << TaskIdBits;
        _maxTaskId = ((rangeId + 1) << TaskIdBits) - 1;
    }

    private async Task RunWriterAsync(CancellationToken cancellationToken)
    {
        var reader = _writes.Reader;
        // Filled by TakeBatch when the store starts each write (left empty if it never does).
        var batch = new List<PendingShardWrite>(MaxPartsPerBatch);
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            batch.Clear();
            try
            {
                await EnsureTaskIdsAsync(cancellationToken).ConfigureAwait(false);
                await WriteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The shard is let go (hand-over, drop, stop) while this batch is in flight. Its
                // commit's outcome is unknown, so its callers get the queued writes' answer (the
                // shard moved: retry), which request ids and task tokens make safe. Left pending,
                // they would hang their RPCs until the client's own deadline.
                var released = new ShardOwnershipLostException(ShardId, RangeId, null);
                foreach (var part in batch) part.Completion.TrySetException(released);
                throw;
            }
            catch (ShardOwnershipLostException ex)
            {
                LogOwnershipLost(_logger, ShardId, ex.Message);
                Stop(ex, ex, batch);
                return;
            }
            catch (Exception ex)
            {
                // A commit whose outcome is unknown (the connection broke during COMMIT), or a
                // task-id range renewal that failed (range_id may or may not have moved): what this
                // shard holds in memory (cached runs, the tasks its queues were handed, its range)
                // may no longer match the store. Assuming either outcome could lose or repeat work,
                // so the shard stops and is acquired again, which re-reads all of it. Every caller
                // hears a retryable answer; a writer that simply ended would leave them all hanging.
                LogReloading(_logger, ShardId, ex);
                Stop(ex, ServiceErrorException.Unavailable($"History shard {ShardId} is reloading its state from the store; retry."), batch);
                return;
            }
        }
    }

    /// <summary>Ends the writer: the batch in flight hears <paramref name="inFlight"/>, everything still queued <paramref name="queued"/>.</summary>
    private void Stop(Exception inFlight, Exception queued, List<PendingShardWrite> batch)
    {
        IsLost = true;
        foreach (var part in batch) part.Completion.TrySetException(inFlight);
        _writes.Writer.TryComplete();
        while (_writes.Reader.TryRead(out var waiting)) waiting.Completion.TrySetException(queued);
        OwnershipLost?.Invoke(this, EventArgs.Empty);
    }

    private async Task WriteBatchAsync(List<PendingShardWrite> batch, CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                await CommitQueuedAsync(batch, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (PersistenceException ex) when (batch.Count > 1 && ex is not ShardOwnershipLostException && !ex.IsRetryable && !Unreachable(ex))
            {
                // One part's condition failed: retry the parts one by one so only that part fails.
            }
            catch (Exception ex) when (FailsThisBatchOnly(ex))
            {
                foreach (var part in batch) part.Completion.TrySetException(ex);
                return;
            }

            foreach (var part in batch)
            {
                try
                {
                    await CommitAsync([part], cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (FailsThisBatchOnly(ex))
                {
                    part.Completion.TrySetException(ex);
                }
            }
        }
        finally
        {
            InflightTimerMinimum = null;
        }
    }

    /// <summary>
    /// A failure that leaves this shard's memory true to the store: nothing of the batch committed.
    /// A lost fence, a cancellation and an unknown outcome go to the writer loop instead.
    /// </summary>
    private static bool FailsThisBatchOnly(Exception ex) =>
        ex is not ShardOwnershipLostException and not OperationCanceledException
        && ex is not PersistenceException { ErrorClass: PersistenceErrorClass.OutcomeUnknown };

    /// <summary>The store could not be reached or did not answer: writing the parts one by one would only repeat that.</summary>
    private static bool Unreachable(PersistenceException ex) =>
        ex.ErrorClass is PersistenceErrorClass.OutcomeUnknown or PersistenceErrorClass.Unavailable or PersistenceErrorClass.ConnectionCapacity;

    /// <summary>
    /// The batch's first attempt: its parts are taken from the queue only when the store starts the
    /// write, so whatever queued while it waited for the store (behind other shards' transactions)
    /// goes into it too instead of waiting for one more commit.
    /// </summary>
    private async Task CommitQueuedAsync(List<PendingShardWrite> batch, CancellationToken cancellationToken)
    {
        var started = 0L;
        await _store.Executions.WriteWhenReadyAsync(ShardId, () =>
        {
            TakeBatch(batch);
            AssignTaskIds(batch);
            InflightTimerMinimum = MinimumTimer(batch);
            started = Stopwatch.GetTimestamp();
            return Merge(batch);
        }, cancellationToken).ConfigureAwait(false);
        RecordCommitted(batch, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>A retry of parts already taken (and given task ids).</summary>
    private async Task CommitAsync(List<PendingShardWrite> parts, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await _store.Executions.WriteAsync(Merge(parts), cancellationToken).ConfigureAwait(false);
        RecordCommitted(parts, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>One shard transaction; its latency and how many writes it merged feed the engine's histograms.</summary>
    private void RecordCommitted(List<PendingShardWrite> parts, TimeSpan elapsed)
    {
        Interlocked.Add(ref _commitTicks, elapsed.Ticks);
        Interlocked.Add(ref _committedWrites, parts.Count);
        Interlocked.Increment(ref _committedTransactions);
        _instruments?.RecordPersistence(ShardWriteOperation, elapsed);
        _instruments?.RecordShardWriteBatch(parts.Count);
        Committed(parts);
    }

    /// <summary>Takes what is queued, up to one batch's parts, rows and bytes (always at least one part).</summary>
    private void TakeBatch(List<PendingShardWrite> batch)
    {
        var reader = _writes.Reader;
        var rows = 0;
        long bytes = 0;
        while (batch.Count < MaxPartsPerBatch && rows < MaxRowsPerBatch && bytes < MaxBytesPerBatch && reader.TryPeek(out var next))
        {
            if (batch.Count > 0 && (rows + next.RowCount > MaxRowsPerBatch || bytes + next.ByteCount > MaxBytesPerBatch))
            {
                break;
            }
            reader.TryRead(out next);
            batch.Add(next!);
            rows += next!.RowCount;
            bytes += next.ByteCount;
        }
    }

    private void Committed(List<PendingShardWrite> parts)
    {
        foreach (var part in parts)
        {
            if (part.Tasks.Count > 0)
            {
                TransferSink?.OnCommitted(part.Tasks);
                TimerSink?.OnCommitted(part.Tasks);
            }
            part.Completion.TrySetResult();
        }
    }

    /// <summary>
    /// Renews the task-id range ahead of a batch that might not fit in what is left (renewing also
    /// moves the fence), so ids are assigned without I/O when the store starts the write. A batch
    /// holds at most <see cref="MaxRowsPerBatch"/> rows unless its first part alone is larger.
    /// </summary>
    private async Task EnsureTaskIdsAsync(CancellationToken cancellationToken)
    {
        var needed = _writes.Reader.TryPeek(out var first) ? Math.Max(MaxRowsPerBatch, first.Tasks.Count) : MaxRowsPerBatch;
        if (_maxTaskId - _nextTaskId + 1 < needed)
        {
            var renewed = await _store.Shards.AcquireShardAsync(ShardId, _owner, RangeId, cancellationToken).ConfigureAwait(false);
            RangeId = renewed.RangeId;
            SetTaskIdRange(RangeId);
        }
    }

    private void AssignTaskIds(List<PendingShardWrite> batch)
    {
        foreach (var part in batch)
        {
            foreach (var task in part.Tasks)
            {
                if (_nextTaskId > _maxTaskId)
                {
                    throw new InvalidOperationException($"Shard {ShardId} ran out of task ids in range {RangeId}; EnsureTaskIdsAsync must renew first.");
                }
                task.TaskId = _nextTaskId++;
            }
        }
    }

    private static DateTimeOffset? MinimumTimer(List<PendingShardWrite> batch)
    {
        DateTimeOffset? minimum = null;
        foreach (var part in batch)
        {
            foreach (var task in part.Tasks)
            {
                if (task.Category == ShardTaskCategory.Timer && (minimum is null || task.VisibilityTime < minimum))
                {
                    minimum = task.VisibilityTime;
                }
            }
        }
        return minimum;
    }

    private ShardWriteRequest Merge(List<PendingShardWrite> parts)
    {
        var request = new ShardWriteRequest(ShardId, RangeId);
        foreach (var part in parts)
        {
            request.Creates.AddRange(part.Creates);
            request.Updates.AddRange(part.Updates);
            request.History.AddRange(part.History);
            request.Visibility.AddRange(part.Visibility);
            foreach (var task in part.Tasks)
            {
                request.Tasks.Add(new ShardTaskRecord(task.Category, task.TaskId, task.VisibilityTime, ShardTaskSerializer.Serialize(task.Data)));
            }
        }
        return request;
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Shard {ShardId} lost: {Reason}")]
    private static partial void LogOwnershipLost(ILogger logger, int shardId, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Shard {ShardId} stops its writer and reloads from the store: its state in memory may no longer match it")]
    private static partial void LogReloading(ILogger logger, int shardId, Exception exception);
}
