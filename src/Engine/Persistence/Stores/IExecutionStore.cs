using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Stores;

/// <summary>Runs' mutable state, current-run pointers, and the fenced shard write that changes them.</summary>
public interface IExecutionStore
{
    /// <summary>
    /// Applies a whole <see cref="ShardWriteRequest"/> in one transaction: the shard's range_id is
    /// checked inside the same transaction (a deposed owner gets ShardOwnershipLost and nothing is
    /// written), then creates (with their current-run conditions), updates (with their
    /// db_record_version conditions), history nodes, outbox tasks and visibility rows.
    /// Writes too large for one DSQL transaction have their history written ahead in separate
    /// transactions (invisible until the run's next_event_id covers them) or are refused whole.
    /// </summary>
    Task WriteAsync(ShardWriteRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="WriteAsync"/> of the request <paramref name="bind"/> returns, called once right
    /// before the write starts (never when cancelled before that). A store that makes shard writes
    /// wait for one another (combining shards into shared transactions) calls it as late as it can,
    /// so a shard writer's batch holds everything queued by then. An exception from
    /// <paramref name="bind"/> fails this write.
    /// </summary>
    async Task WriteWhenReadyAsync(int shardId, Func<ShardWriteRequest> bind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bind);
        await WriteAsync(bind(), cancellationToken).ConfigureAwait(false);
    }

    Task<WorkflowExecutionRecord?> GetExecutionAsync(int shardId, Guid namespaceId, string workflowId, Guid runId, CancellationToken cancellationToken = default);

    Task<CurrentExecutionRecord?> GetCurrentExecutionAsync(int shardId, Guid namespaceId, string workflowId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a run (fenced by range_id): its execution row, the current-run pointer if it still
    /// points at this run, and its visibility row. History is deleted separately, in chunks.
    /// </summary>
    Task DeleteExecutionAsync(int shardId, long rangeId, Guid namespaceId, string workflowId, Guid runId, CancellationToken cancellationToken = default);
}
