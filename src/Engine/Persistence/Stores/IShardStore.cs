using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Stores;

/// <summary>History shard rows: the fencing tokens every shard write is conditioned on.</summary>
public interface IShardStore
{
    /// <summary>The shard's row, or null when it was never created.</summary>
    Task<ShardInfo?> GetShardAsync(int shardId, CancellationToken cancellationToken = default);

    /// <summary>Every shard row, ordered by id (for the console and rebalancing).</summary>
    Task<IReadOnlyList<ShardInfo>> ListShardsAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates the shard at range_id 0 with no owner if it does not exist; returns the row either way.</summary>
    Task<ShardInfo> GetOrCreateShardAsync(int shardId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the shard for <paramref name="owner"/> by moving range_id from
    /// <paramref name="expectedRangeId"/> to expectedRangeId + 1. When the row is no longer at
    /// <paramref name="expectedRangeId"/> (someone else acquired it first) this throws
    /// <see cref="Errors.ShardOwnershipLostException"/>, so of two concurrent acquirers exactly one wins.
    /// </summary>
    Task<ShardInfo> AcquireShardAsync(int shardId, string owner, long expectedRangeId, CancellationToken cancellationToken = default);

    /// <summary>Rewrites the shard's data (ack levels, renewals) fenced by range_id; a stale owner gets ShardOwnershipLost.</summary>
    Task<ShardInfo> UpdateShardAsync(int shardId, long rangeId, byte[] data, CancellationToken cancellationToken = default);
}
