using System.Text.Json;
using Fencepost.Engine.History;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.Matching;

/// <summary>
/// One partition's persisted backlog: tasks written under the partition's leased id range, kept in
/// memory in id order for pollers, and deleted in chunks once delivered (up to the ack level).
/// All members except the persistence calls run under the owning queue's lock.
/// </summary>
internal sealed class TaskQueuePartition(TaskQueueKey key, IPersistenceStore store, TimeProvider timeProvider) : IDisposable
{
    /// <summary>Task ids a lease covers: (RangeId-1)*RangeSize, RangeId*RangeSize].</summary>
    public const long RangeSize = 100_000;
    private const int LoadBatchSize = 1_000;
    private const int DeleteChunk = 1_000;

    /// <summary>Well inside DSQL's 3,000 rows and 10 MiB per transaction.</summary>
    private const int MaxTasksPerWrite = 200;

    private readonly Queue<(long TaskId, MatchingTaskData Data)> _backlog = new();
    private readonly SemaphoreSlim _persistGate = new(1, 1);
    private readonly List<PendingBacklogWrite> _queuedWrites = [];
    private TaskQueueLease? _lease;
    private long _nextTaskId;
    private long _deliveredUpTo;
    private long _deletedUpTo;

    public TaskQueueKey Key { get; } = key;

    /// <summary>Backlogged tasks held in memory (under the queue's lock).</summary>
    public int BacklogCount => _backlog.Count;

    public bool TryTake(out MatchingTaskData data)
    {
        if (_backlog.TryDequeue(out var next))
        {
            _deliveredUpTo = Math.Max(_deliveredUpTo, next.TaskId);
            data = next.Data;
            return true;
        }
        data = null!;
        return false;
    }

    public void Enqueue(long taskId, MatchingTaskData data) => _backlog.Enqueue((taskId, data));

    /// <summary>Leases the partition (first use) and returns its stored backlog to enqueue.</summary>
    public async Task<IReadOnlyList<(long TaskId, MatchingTaskData Data)>> EnsureLeasedAsync(CancellationToken cancellationToken)
    {
        await _persistGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_lease is not null)
            {
                return [];
            }
            return await LeaseAndLoadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _persistGate.Release();
        }
    }

    /// <summary>
    /// Writes a task to the backlog table (fenced by the lease) and, still in id order, hands it to
    /// <paramref name="persisted"/> so the in-memory backlog never holds a lower id behind a higher one.
    /// Writes are group-committed: whoever holds the gate writes every task queued behind it in one
    /// transaction, so a partition's backlog rate is not capped at one task per commit latency.
    /// </summary>
    public async Task PersistAsync(MatchingTaskData data, Action<long> persisted, CancellationToken cancellationToken)
    {
        var mine = new PendingBacklogWrite(data, persisted);
        lock (_queuedWrites) _queuedWrites.Add(mine);
        await _persistGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A batch takes at most MaxTasksPerWrite from the front of the queue, so the holder keeps
            // writing until its own task is in: owners that queued ahead of it may already have passed
            // the gate, and nobody else would write it.
            while (!mine.Done.Task.IsCompleted)
            {
                await WriteQueuedAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _persistGate.Release();
        }
        await mine.Done.Task.ConfigureAwait(false);
    }

    private async Task WriteQueuedAsync(CancellationToken cancellationToken)
    {
        List<PendingBacklogWrite> batch;
        lock (_queuedWrites)
        {
            var take = Math.Min(_queuedWrites.Count, MaxTasksPerWrite);
            batch = _queuedWrites.GetRange(0, take);
            _queuedWrites.RemoveRange(0, take);
        }
        try
        {
            if (_lease is null || _nextTaskId + batch.Count - 1 > _lease.RangeId * RangeSize)
            {
                await RenewAsync(cancellationToken).ConfigureAwait(false);
            }
            var firstId = await TryCreateAsync(batch, cancellationToken).ConfigureAwait(false);
            if (firstId is null)
            {
                // Someone moved the lease: take it back and write again under the new range.
                _lease = null;
                await RenewAsync(cancellationToken).ConfigureAwait(false);
                firstId = await TryCreateAsync(batch, cancellationToken).ConfigureAwait(false)
                    ?? throw new ConditionFailedException($"Task queue partition {Key} was leased away twice while writing its backlog.");
            }
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Persisted(firstId.Value + i);
                batch[i].Done.TrySetResult();
            }
        }
        catch (Exception ex)
        {
            foreach (var write in batch) write.Done.TrySetException(ex);
        }
    }

    /// <summary>Writes the batch under the current lease; null when the lease was taken by someone else.</summary>
    private async Task<long?> TryCreateAsync(List<PendingBacklogWrite> batch, CancellationToken cancellationToken)
    {
        var firstId = _nextTaskId;
        var now = timeProvider.GetUtcNow();
        var records = new MatchingTaskRecord[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            records[i] = new MatchingTaskRecord(firstId + i, now, null,
                JsonSerializer.SerializeToUtf8Bytes(batch[i].Data, EngineJsonContext.Default.MatchingTaskData));
        }
        _nextTaskId += batch.Count;
        try
        {
            await store.TaskQueues.CreateTasksAsync(Key, _lease!.RangeId, records, cancellationToken).ConfigureAwait(false);
            return firstId;
        }
        catch (ConditionFailedException)
        {
            return null;
        }
    }

    /// <summary>Deletes delivered tasks and saves the ack level; returns how many rows went.</summary>
    public async Task<int> FlushAckAsync(long deliveredUpTo, CancellationToken cancellationToken)
    {
        if (deliveredUpTo <= _deletedUpTo || _lease is null)
        {
            return 0;
        }
        var deleted = 0;
        int chunk;
        do
        {
            chunk = await store.TaskQueues.CompleteTasksUpToAsync(Key, deliveredUpTo, DeleteChunk, cancellationToken).ConfigureAwait(false);
            deleted += chunk;
        }
        while (chunk == DeleteChunk);
        await _persistGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _lease = await store.TaskQueues.UpdateTaskQueueAsync(Key, _lease!.RangeId, deliveredUpTo, [], cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionFailedException)
        {
            _lease = null;
        }
        finally
        {
            _persistGate.Release();
        }
        _deletedUpTo = deliveredUpTo;
        return deleted;
    }

    public void Dispose() => _persistGate.Dispose();

    /// <summary>The highest delivered task id (read under the queue's lock).</summary>
    public long DeliveredUpTo => _deliveredUpTo;

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        if (_lease is null)
        {
            await LeaseAndLoadAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        _lease = await store.TaskQueues.LeaseTaskQueueAsync(Key, _lease.RangeId, cancellationToken).ConfigureAwait(false);
        _nextTaskId = ((_lease.RangeId - 1) * RangeSize) + 1;
    }

    private async Task<IReadOnlyList<(long TaskId, MatchingTaskData Data)>> LeaseAndLoadAsync(CancellationToken cancellationToken)
    {
        var existing = await store.TaskQueues.GetTaskQueueAsync(Key, cancellationToken).ConfigureAwait(false);
        _lease = await store.TaskQueues.LeaseTaskQueueAsync(Key, existing?.RangeId ?? 0, cancellationToken).ConfigureAwait(false);
        _nextTaskId = ((_lease.RangeId - 1) * RangeSize) + 1;
        _deletedUpTo = _lease.AckLevel;
        var loaded = new List<(long, MatchingTaskData)>();
        var from = _lease.AckLevel;
        while (true)
        {
            var batch = await store.TaskQueues.GetTasksAsync(Key, from, long.MaxValue, LoadBatchSize, cancellationToken).ConfigureAwait(false);
            foreach (var task in batch)
            {
                var data = JsonSerializer.Deserialize(task.Data, EngineJsonContext.Default.MatchingTaskData);
                if (data is not null)
                {
                    loaded.Add((task.TaskId, data));
                }
                from = task.TaskId;
            }
            if (batch.Count < LoadBatchSize)
            {
                break;
            }
        }
        return loaded;
    }
}
