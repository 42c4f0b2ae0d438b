using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Stores;

/// <summary>Append-only event batches per run branch.</summary>
public interface IHistoryStore
{
    /// <summary>
    /// Nodes with <paramref name="minNodeId"/> &lt;= node_id &lt; <paramref name="maxNodeIdExclusive"/>,
    /// in node order, at most <paramref name="pageSize"/> per page.
    /// </summary>
    Task<Page<HistoryNode>> ReadAsync(int shardId, Guid treeId, Guid branchId, long minNodeId, long maxNodeIdExclusive, int pageSize, byte[]? pageToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a branch's nodes in transactions that stay within DSQL's row limit, each one fenced by
    /// the shard's <paramref name="rangeId"/> (a deposed owner gets ShardOwnershipLost and deletes
    /// nothing more); returns how many went.
    /// </summary>
    Task<long> DeleteBranchAsync(int shardId, long rangeId, Guid treeId, Guid branchId, CancellationToken cancellationToken = default);
}
