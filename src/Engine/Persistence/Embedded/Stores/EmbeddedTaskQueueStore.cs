using Fencepost.Engine.Persistence.Embedded.Keys;
using Fencepost.Engine.Persistence.Embedded.Mvcc;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Limits;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.Persistence.Embedded.Stores;

internal sealed class EmbeddedTaskQueueStore(EmbeddedTransactions transactions) : ITaskQueueStore
{
    private EmbeddedTables Tables => transactions.Tables;

    public Task<TaskQueueLease?> GetTaskQueueAsync(TaskQueueKey key, CancellationToken cancellationToken = default) =>
        transactions.RunAsync(Operation("GetTaskQueue", key),
            tx => tx.Get(Tables.TaskQueues, RowKey(key)) is { } lease ? StoredValues.Of(lease) : null,
            cancellationToken);

    public async Task<TaskQueueLease> LeaseTaskQueueAsync(TaskQueueKey key, long expectedRangeId, CancellationToken cancellationToken = default)
    {
        TransactionBudget.CheckKey(EmbeddedTables.TaskQueuesName, "name", key.Name);
        return await transactions.RunAsync(Operation("LeaseTaskQueue", key), tx =>
        {
            var rowKey = RowKey(key);
            var existing = tx.Get(Tables.TaskQueues, rowKey, forUpdate: true);
            var now = transactions.Now();
            TaskQueueLease leased;
            if (existing is null)
            {
                if (expectedRangeId != 0)
                {
                    throw new ConditionFailedException($"Task queue {key} does not exist, so it is not at range {expectedRangeId}.");
                }
                leased = new TaskQueueLease(key, 1, 0, now, []);
            }
            else
            {
                if (existing.RangeId != expectedRangeId)
                {
                    throw new ConditionFailedException($"Task queue {key} is at range {existing.RangeId}, not the expected {expectedRangeId}: another owner leased it.");
                }
                leased = existing with { RangeId = existing.RangeId + 1, UpdatedAt = now };
            }
            tx.Upsert(Tables.TaskQueues, rowKey, leased);
            return StoredValues.Of(leased);
        }, cancellationToken);
    }

    public async Task<TaskQueueLease> UpdateTaskQueueAsync(TaskQueueKey key, long rangeId, long ackLevel, byte[] data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        TransactionBudget.CheckColumn(EmbeddedTables.TaskQueuesName, "data", data.Length);
        var stored = StoredValues.Copy(data);
        return await transactions.RunAsync(Operation("UpdateTaskQueue", key), tx =>
        {
            var lease = Fence(tx, key, rangeId) with { AckLevel = ackLevel, Data = stored, UpdatedAt = transactions.Now() };
            tx.Upsert(Tables.TaskQueues, RowKey(key), lease);
            return StoredValues.Of(lease);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<TaskQueueLease>> ListTaskQueuesAsync(CancellationToken cancellationToken = default) =>
        transactions.RunAsync<IReadOnlyList<TaskQueueLease>>(
            new PersistenceOperation("ListTaskQueues", EmbeddedTables.TaskQueuesName, null, "task_queues"),
            tx => [.. tx.Scan(Tables.TaskQueues, KeyRange.All<TaskQueueRowKey>()).Select(row => StoredValues.Of(row.Value))],
            cancellationToken);

    public async Task CreateTasksAsync(TaskQueueKey key, long rangeId, IReadOnlyList<MatchingTaskRecord> tasks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var budget = new TransactionBudget();
        foreach (var task in tasks)
        {
            TransactionBudget.CheckColumn(EmbeddedTables.MatchingTasksName, "data", task.Data.Length);
            budget.AddRow(EmbeddedTables.MatchingTasksName, RowSizes.Of(task).Bytes);
        }
        var stored = tasks.Select(StoredValues.Of).ToList();
        await transactions.ExecuteAsync(Operation("CreateMatchingTasks", key), tx =>
        {
            Fence(tx, key, rangeId);
            var queue = RowKey(key);
            foreach (var task in stored)
            {
                if (!tx.TryInsert(Tables.MatchingTasks, new MatchingTaskKey(queue, task.TaskId), task))
                {
                    throw new ConditionFailedException($"Task {task.TaskId} of task queue {key} exists already.");
                }
            }
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<MatchingTaskRecord>> GetTasksAsync(TaskQueueKey key, long exclusiveMinTaskId, long inclusiveMaxTaskId, int batchSize, CancellationToken cancellationToken = default)
    {
        if (batchSize < 1)
        {
            throw new InvalidPersistenceRequestException($"Task batch size must be at least 1, not {batchSize}.");
        }
        var queue = RowKey(key);
        return await transactions.RunAsync<IReadOnlyList<MatchingTaskRecord>>(Operation("GetMatchingTasks", key, EmbeddedTables.MatchingTasksName), tx =>
        {
            if (exclusiveMinTaskId >= inclusiveMaxTaskId)
            {
                return [];
            }
            var range = KeyRange.OpenClosed(new MatchingTaskKey(queue, exclusiveMinTaskId), new MatchingTaskKey(queue, inclusiveMaxTaskId));
            return [.. tx.Scan(Tables.MatchingTasks, range, batchSize).Select(row => StoredValues.Of(row.Value))];
        }, cancellationToken);
    }

    public Task CompleteTaskAsync(TaskQueueKey key, long taskId, CancellationToken cancellationToken = default) =>
        transactions.ExecuteAsync(Operation("CompleteMatchingTask", key, EmbeddedTables.MatchingTasksName),
            tx => tx.Delete(Tables.MatchingTasks, new MatchingTaskKey(RowKey(key), taskId)),
            cancellationToken);

    public async Task<int> CompleteTasksUpToAsync(TaskQueueKey key, long inclusiveMaxTaskId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var queue = RowKey(key);
        var range = KeyRange.Closed(new MatchingTaskKey(queue, long.MinValue), new MatchingTaskKey(queue, inclusiveMaxTaskId));
        var deleted = 0;
        while (deleted < limit)
        {
            var chunkLimit = Math.Min(limit - deleted, EmbeddedHistoryStore.DeleteChunk);
            var chunk = await transactions.RunAsync(Operation("CompleteMatchingTasks", key, EmbeddedTables.MatchingTasksName), tx =>
            {
                var rows = tx.Scan(Tables.MatchingTasks, range, chunkLimit);
                foreach (var row in rows)
                {
                    tx.Delete(Tables.MatchingTasks, row.Key);
                }
                return rows.Count;
            }, cancellationToken).ConfigureAwait(false);
            deleted += chunk;
            if (chunk < chunkLimit)
            {
                break;
            }
        }
        return deleted;
    }

    public async Task<long> CountTasksAsync(TaskQueueKey key, CancellationToken cancellationToken = default)
    {
        var queue = RowKey(key);
        var range = KeyRange.Closed(new MatchingTaskKey(queue, long.MinValue), new MatchingTaskKey(queue, long.MaxValue));
        return await transactions.RunAsync(Operation("CountMatchingTasks", key, EmbeddedTables.MatchingTasksName), tx => tx.Count(Tables.MatchingTasks, range), cancellationToken);
    }

    private TaskQueueLease Fence(MvccTransaction tx, TaskQueueKey key, long rangeId)
    {
        var lease = tx.Get(Tables.TaskQueues, RowKey(key), forUpdate: true);
        if (lease is null || lease.RangeId != rangeId)
        {
            throw new ConditionFailedException(
                $"Task queue {key} is at range {lease?.RangeId.ToString() ?? "(missing)"}, not the held {rangeId}: the lease was lost.");
        }
        return lease;
    }

    private static TaskQueueRowKey RowKey(TaskQueueKey key) => new(key.NamespaceId, key.Name, key.TaskType, key.Partition);

    private static PersistenceOperation Operation(string name, TaskQueueKey key, string table = EmbeddedTables.TaskQueuesName) =>
        new(name, table, null, $"taskqueue:{key.Name}/{key.TaskType}/{key.Partition}");
}
