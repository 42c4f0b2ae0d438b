namespace Fencepost.Engine.Persistence.Model;

/// <summary>
/// An outbox task. Transfer and visibility tasks are ordered by <see cref="TaskId"/>; timer tasks
/// by (<see cref="VisibilityTime"/>, <see cref="TaskId"/>). Task ids come from the shard's range
/// (range_id &lt;&lt; 20 + sequence), so they are unique within a shard.
/// </summary>
public sealed record ShardTaskRecord(
    ShardTaskCategory Category,
    long TaskId,
    DateTimeOffset VisibilityTime,
    byte[] Data);
