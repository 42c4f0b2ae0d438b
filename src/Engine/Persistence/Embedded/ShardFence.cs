using Fencepost.Engine.Persistence.Embedded.Mvcc;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Embedded;

/// <summary>
/// The range_id fence: reads the shard row FOR UPDATE inside the writing transaction, so a commit by
/// a deposed owner conflicts (or fails the check) instead of writing.
/// </summary>
internal static class ShardFence
{
    public static ShardInfo Check(MvccTransaction transaction, EmbeddedTables tables, int shardId, long rangeId)
    {
        var shard = transaction.Get(tables.Shards, shardId, forUpdate: true);
        if (shard is null || shard.RangeId != rangeId)
        {
            throw new ShardOwnershipLostException(shardId, rangeId, shard?.RangeId);
        }
        return shard;
    }
}
