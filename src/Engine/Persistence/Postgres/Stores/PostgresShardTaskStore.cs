using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Postgres.Sql;
using Fencepost.Engine.Persistence.Stores;
using Npgsql;
using static Fencepost.Engine.Persistence.Postgres.Sql.PostgresParameters;

namespace Fencepost.Engine.Persistence.Postgres.Stores;

/// <summary>The shard outbox: transfer and visibility tasks keyed by task id, timers by (visibility time, task id).</summary>
internal sealed class PostgresShardTaskStore(PostgresExecutor executor) : IShardTaskStore
{
    public async Task<IReadOnlyList<ShardTaskRecord>> GetTasksAsync(int shardId, ShardTaskCategory category, ShardTaskKey exclusiveMin, ShardTaskKey inclusiveMax, int batchSize, CancellationToken cancellationToken = default)
    {
        if (batchSize < 1)
        {
            throw new InvalidPersistenceRequestException($"batchSize must be at least 1, not {batchSize}.");
        }
        var operation = new PersistenceOperation("GetShardTasks", ShardWriteValidator.TableOf(category), shardId, $"shard:{shardId}");
        return await executor.RunAsync(operation, (s, ct) => category switch
        {
            ShardTaskCategory.Timer => s.QueryAsync(PostgresStatements.SelectTimerTasks, r => PostgresRows.ShardTask(r, category), ct,
                Int(shardId), Time(exclusiveMin.VisibilityTime), Long(exclusiveMin.TaskId), Time(inclusiveMax.VisibilityTime), Long(inclusiveMax.TaskId), Int(batchSize)),
            _ => s.QueryAsync(category == ShardTaskCategory.Transfer ? PostgresStatements.SelectTransferTasks : PostgresStatements.SelectVisibilityTasks,
                r => PostgresRows.ShardTask(r, category), ct, Int(shardId), Long(exclusiveMin.TaskId), Long(inclusiveMax.TaskId), Int(batchSize)),
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task CompleteTaskAsync(int shardId, ShardTaskCategory category, ShardTaskKey key, CancellationToken cancellationToken = default)
    {
        var operation = new PersistenceOperation("CompleteShardTask", ShardWriteValidator.TableOf(category), shardId, $"shard:{shardId}");
        return executor.RunAsync(operation, (s, ct) => category switch
        {
            ShardTaskCategory.Timer => s.ExecuteAsync(PostgresStatements.DeleteTimerTask, ct, Int(shardId), Time(key.VisibilityTime), Long(key.TaskId)),
            ShardTaskCategory.Transfer => s.ExecuteAsync(PostgresStatements.DeleteTransferTask, ct, Int(shardId), Long(key.TaskId)),
            _ => s.ExecuteAsync(PostgresStatements.DeleteVisibilityTask, ct, Int(shardId), Long(key.TaskId)),
        }, cancellationToken);
    }

    public async Task<long> RangeCompleteTasksAsync(int shardId, ShardTaskCategory category, ShardTaskKey inclusiveMax, CancellationToken cancellationToken = default)
    {
        var operation = new PersistenceOperation("RangeCompleteShardTasks", ShardWriteValidator.TableOf(category), shardId, $"shard:{shardId}");
        var chunk = PostgresHistoryStore.DeleteChunk;
        long total = 0;
        while (true)
        {
            var deleted = await executor.RunAsync(operation, (s, ct) => category switch
            {
                ShardTaskCategory.Timer => s.ExecuteAsync(PostgresStatements.DeleteTimerTasksChunk, ct,
                    Int(shardId), Time(inclusiveMax.VisibilityTime), Long(inclusiveMax.TaskId), Int(chunk)),
                ShardTaskCategory.Transfer => s.ExecuteAsync(PostgresStatements.DeleteTransferTasksChunk, ct, Int(shardId), Long(inclusiveMax.TaskId), Int(chunk)),
                _ => s.ExecuteAsync(PostgresStatements.DeleteVisibilityTasksChunk, ct, Int(shardId), Long(inclusiveMax.TaskId), Int(chunk)),
            }, cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted < chunk)
            {
                return total;
            }
        }
    }

    internal static NpgsqlBatchCommand TaskWrite(int shardId, ShardTaskRecord task) => task.Category switch
    {
        ShardTaskCategory.Transfer => PostgresSession.Command(PostgresStatements.InsertTransferTask, Int(shardId), Long(task.TaskId), Time(task.VisibilityTime), Bytes(task.Data)),
        ShardTaskCategory.Timer => PostgresSession.Command(PostgresStatements.InsertTimerTask, Int(shardId), Long(task.TaskId), Time(task.VisibilityTime), Bytes(task.Data)),
        ShardTaskCategory.Visibility => PostgresSession.Command(PostgresStatements.InsertVisibilityTask, Int(shardId), Long(task.TaskId), Time(task.VisibilityTime), Bytes(task.Data)),
        _ => throw new InvalidPersistenceRequestException($"Unknown task category {task.Category}."),
    };
}
