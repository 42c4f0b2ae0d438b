using Fencepost.Engine.Persistence.Embedded.Keys;
using Fencepost.Engine.Persistence.Embedded.Mvcc;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.Persistence.Embedded.Stores;

internal sealed class EmbeddedShardTaskStore(EmbeddedTransactions transactions) : IShardTaskStore
{
    private static readonly ShardTaskKey Lowest = new(DateTimeOffset.MinValue, long.MinValue);

    private EmbeddedTables Tables => transactions.Tables;

    /// <summary>The stored key of a task: (time, id) for timers, the id alone for the other queues.</summary>
    public static ShardTaskKey KeyOf(ShardTaskRecord task) =>
        Normalize(task.Category, new ShardTaskKey(task.VisibilityTime, task.TaskId));

    public async Task<IReadOnlyList<ShardTaskRecord>> GetTasksAsync(int shardId, ShardTaskCategory category, ShardTaskKey exclusiveMin, ShardTaskKey inclusiveMax, int batchSize, CancellationToken cancellationToken = default)
    {
        if (batchSize < 1)
        {
            throw new InvalidPersistenceRequestException($"Task batch size must be at least 1, not {batchSize}.");
        }
        var table = Tables.TasksOf(category);
        var range = KeyRange.OpenClosed(new ShardTaskRowKey(shardId, Normalize(category, exclusiveMin)), new ShardTaskRowKey(shardId, Normalize(category, inclusiveMax)));
        return await transactions.RunAsync<IReadOnlyList<ShardTaskRecord>>(Operation("GetShardTasks", shardId, table.Name), tx =>
        {
            if (range.Lower!.Value.CompareTo(range.Upper!.Value) >= 0)
            {
                return [];
            }
            return [.. tx.Scan(table, range, batchSize).Select(row => StoredValues.Of(row.Value))];
        }, cancellationToken);
    }

    public async Task CompleteTaskAsync(int shardId, ShardTaskCategory category, ShardTaskKey key, CancellationToken cancellationToken = default)
    {
        var table = Tables.TasksOf(category);
        var rowKey = new ShardTaskRowKey(shardId, Normalize(category, key));
        await transactions.ExecuteAsync(Operation("CompleteShardTask", shardId, table.Name), tx => tx.Delete(table, rowKey), cancellationToken);
    }

    public async Task<long> RangeCompleteTasksAsync(int shardId, ShardTaskCategory category, ShardTaskKey inclusiveMax, CancellationToken cancellationToken = default)
    {
        var table = Tables.TasksOf(category);
        var range = KeyRange.Closed(new ShardTaskRowKey(shardId, Lowest), new ShardTaskRowKey(shardId, Normalize(category, inclusiveMax)));
        long deleted = 0;
        while (true)
        {
            var chunk = await transactions.RunAsync(Operation("RangeCompleteShardTasks", shardId, table.Name), tx =>
            {
                var rows = tx.Scan(table, range, EmbeddedHistoryStore.DeleteChunk);
                foreach (var row in rows)
                {
                    tx.Delete(table, row.Key);
                }
                return rows.Count;
            }, cancellationToken).ConfigureAwait(false);
            deleted += chunk;
            if (chunk == 0)
            {
                return deleted;
            }
        }
    }

    private static ShardTaskKey Normalize(ShardTaskCategory category, ShardTaskKey key) => category == ShardTaskCategory.Timer
        ? new ShardTaskKey(StoredValues.Time(key.VisibilityTime), key.TaskId)
        : ShardTaskKey.ForId(key.TaskId);

    private static PersistenceOperation Operation(string name, int shardId, string table) =>
        new(name, table, shardId, $"shard:{shardId}");
}
