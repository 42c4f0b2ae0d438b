using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Stores;

/// <summary>Reads and deletes of the shard outbox (transfer, timer and visibility tasks).</summary>
public interface IShardTaskStore
{
    /// <summary>
    /// Tasks of <paramref name="category"/> with <paramref name="exclusiveMin"/> &lt; key &lt;= <paramref name="inclusiveMax"/>,
    /// ordered by key, at most <paramref name="batchSize"/>. For timers the key is (time, id).
    /// </summary>
    Task<IReadOnlyList<ShardTaskRecord>> GetTasksAsync(int shardId, ShardTaskCategory category, ShardTaskKey exclusiveMin, ShardTaskKey inclusiveMax, int batchSize, CancellationToken cancellationToken = default);

    Task CompleteTaskAsync(int shardId, ShardTaskCategory category, ShardTaskKey key, CancellationToken cancellationToken = default);

    /// <summary>Deletes every task with key &lt;= <paramref name="inclusiveMax"/> in chunks within DSQL's row limit; returns how many went.</summary>
    Task<long> RangeCompleteTasksAsync(int shardId, ShardTaskCategory category, ShardTaskKey inclusiveMax, CancellationToken cancellationToken = default);
}
