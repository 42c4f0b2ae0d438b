namespace Fencepost.Engine.Persistence.Errors;

/// <summary>
/// The shard's range_id is no longer the one this writer holds: another host acquired the shard.
/// Never retried; the writer must drop the shard.
/// </summary>
public sealed class ShardOwnershipLostException(int shardId, long expectedRangeId, long? actualRangeId)
    : PersistenceException(PersistenceErrorClass.OwnershipLost,
        $"Shard {shardId} ownership lost: this writer holds range_id {expectedRangeId} but the shard is at {actualRangeId?.ToString() ?? "(missing)"}.")
{
    public int ShardId { get; } = shardId;
    public long ExpectedRangeId { get; } = expectedRangeId;
    public long? ActualRangeId { get; } = actualRangeId;
}
