namespace Fencepost.Engine.Persistence.Model;

/// <summary>
/// A history shard's row. <see cref="RangeId"/> is the fencing token: acquiring the shard
/// increments it, and every write of the shard is conditioned on it.
/// </summary>
public sealed record ShardInfo(
    int ShardId,
    long RangeId,
    string Owner,
    DateTimeOffset AcquiredAt,
    DateTimeOffset UpdatedAt,
    byte[] Data);
