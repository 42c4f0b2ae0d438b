using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Limits;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Postgres.Sql;
using Fencepost.Engine.Persistence.Stores;
using Npgsql;
using static Fencepost.Engine.Persistence.Postgres.Sql.PostgresParameters;

namespace Fencepost.Engine.Persistence.Postgres.Stores;

/// <summary>
/// Matching's partitions: leases and ack levels are single compare-and-set statements on range_id;
/// backlog inserts are fenced by reading the partition row FOR UPDATE in the same transaction.
/// Task deletes are not fenced (a stale owner deleting a delivered task is harmless).
/// </summary>
internal sealed class PostgresTaskQueueStore(PostgresExecutor executor) : ITaskQueueStore
{
    private static PersistenceOperation Op(string name, TaskQueueKey key) =>
        new(name, "task_queues", null, $"taskqueue:{key.Name}/{key.TaskType}/{key.Partition}");

    private static NpgsqlParameter[] Key(TaskQueueKey key) => [Uuid(key.NamespaceId), Text(key.Name), Int(key.TaskType), Int(key.Partition)];

    public Task<TaskQueueLease?> GetTaskQueueAsync(TaskQueueKey key, CancellationToken cancellationToken = default) =>
        executor.RunAsync(Op("GetTaskQueue", key), (s, ct) => s.QuerySingleAsync(PostgresStatements.SelectTaskQueue, PostgresRows.TaskQueue, ct, Key(key)), cancellationToken);

    public Task<TaskQueueLease> LeaseTaskQueueAsync(TaskQueueKey key, long expectedRangeId, CancellationToken cancellationToken = default)
    {
        TransactionBudget.CheckKey("task_queues", "name", key.Name);
        return executor.RunAsync(Op("LeaseTaskQueue", key), async (s, ct) =>
        {
            var now = Time(executor.Time.GetUtcNow());
            var lease = expectedRangeId == 0
                ? await s.QuerySingleAsync(PostgresStatements.InsertTaskQueueIfAbsent, PostgresRows.TaskQueue, ct, [.. Key(key), now, Bytes([])]).ConfigureAwait(false)
                : await s.QuerySingleAsync(PostgresStatements.LeaseTaskQueue, PostgresRows.TaskQueue, ct, [.. Key(key), Long(expectedRangeId), now]).ConfigureAwait(false);
            return lease ?? throw new ConditionFailedException($"Task queue {key} is not at range {expectedRangeId}; another owner leased it.");
        }, cancellationToken);
    }

    public Task<TaskQueueLease> UpdateTaskQueueAsync(TaskQueueKey key, long rangeId, long ackLevel, byte[] data, CancellationToken cancellationToken = default)
    {
        TransactionBudget.CheckColumn("task_queues", "data", data.Length);
        return executor.RunAsync(Op("UpdateTaskQueue", key), async (s, ct) =>
        {
            var lease = await s.QuerySingleAsync(PostgresStatements.UpdateTaskQueue, PostgresRows.TaskQueue, ct,
                [.. Key(key), Long(rangeId), Long(ackLevel), Bytes(data), Time(executor.Time.GetUtcNow())]).ConfigureAwait(false);
            return lease ?? throw new ConditionFailedException($"Task queue {key} is no longer at range {rangeId}.");
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<TaskQueueLease>> ListTaskQueuesAsync(CancellationToken cancellationToken = default) =>
        await executor.RunAsync(new PersistenceOperation("ListTaskQueues", "task_queues", null, "task_queues"),
            (s, ct) => s.QueryAsync(PostgresStatements.SelectTaskQueues, PostgresRows.TaskQueue, ct), cancellationToken).ConfigureAwait(false);

    public Task CreateTasksAsync(TaskQueueKey key, long rangeId, IReadOnlyList<MatchingTaskRecord> tasks, CancellationToken cancellationToken = default)
    {
        var budget = new TransactionBudget();
        foreach (var task in tasks)
        {
            TransactionBudget.CheckColumn("tasks", "data", task.Data.Length);
            budget.AddRow("tasks", 128 + task.Data.Length);
        }
        return executor.RunAsync(Op("CreateMatchingTasks", key), async (s, ct) =>
        {
            await using (var fence = s.CreateBatch())
            {
                fence.BatchCommands.Add(PostgresSession.Command(PostgresStatements.SelectTaskQueueRangeIdForUpdate, Key(key)));
                await using var reader = await fence.ExecuteReaderAsync(ct).ConfigureAwait(false);
                var stored = await PostgresExecutionStore.ReadNullableLongAsync(new PostgresRowSets(reader), ct).ConfigureAwait(false);
                if (stored != rangeId)
                {
                    throw new ConditionFailedException($"Task queue {key} is at range {stored?.ToString() ?? "(missing)"}, not {rangeId}.");
                }
            }
            await using var writes = s.CreateBatch();
            foreach (var task in tasks)
            {
                writes.BatchCommands.Add(PostgresSession.Command(PostgresStatements.InsertMatchingTask,
                    [.. Key(key), Long(task.TaskId), Time(task.CreatedAt), NullableTime(task.ExpiresAt), Bytes(task.Data)]));
            }
            try
            {
                await s.CommitBatchAsync(writes, ct).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new ConditionFailedException($"Task queue {key} has a task with the same id already: {ex.MessageText}") { SqlState = ex.SqlState };
            }
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<MatchingTaskRecord>> GetTasksAsync(TaskQueueKey key, long exclusiveMinTaskId, long inclusiveMaxTaskId, int batchSize, CancellationToken cancellationToken = default)
    {
        if (batchSize < 1)
        {
            throw new InvalidPersistenceRequestException($"batchSize must be at least 1, not {batchSize}.");
        }
        return await executor.RunAsync(Op("GetMatchingTasks", key), (s, ct) => s.QueryAsync(PostgresStatements.SelectMatchingTasks, PostgresRows.MatchingTask, ct,
            [.. Key(key), Long(exclusiveMinTaskId), Long(inclusiveMaxTaskId), Int(batchSize)]), cancellationToken).ConfigureAwait(false);
    }

    public Task CompleteTaskAsync(TaskQueueKey key, long taskId, CancellationToken cancellationToken = default) =>
        executor.RunAsync(Op("CompleteMatchingTask", key), (s, ct) => s.ExecuteAsync(PostgresStatements.DeleteMatchingTask, ct, [.. Key(key), Long(taskId)]), cancellationToken);

    public async Task<int> CompleteTasksUpToAsync(TaskQueueKey key, long inclusiveMaxTaskId, int limit, CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (total < limit)
        {
            var chunk = Math.Min(limit - total, PostgresHistoryStore.DeleteChunk);
            var deleted = await executor.RunAsync(Op("CompleteMatchingTasks", key), (s, ct) =>
                s.ExecuteAsync(PostgresStatements.DeleteMatchingTasksChunk, ct, [.. Key(key), Long(inclusiveMaxTaskId), Int(chunk)]), cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted < chunk)
            {
                break;
            }
        }
        return total;
    }

    public Task<long> CountTasksAsync(TaskQueueKey key, CancellationToken cancellationToken = default) =>
        executor.RunAsync(Op("CountMatchingTasks", key), async (s, ct) =>
            (await s.QueryAsync(PostgresStatements.CountMatchingTasks, r => r.GetInt64(0), ct, Key(key)).ConfigureAwait(false))[0], cancellationToken);
}
