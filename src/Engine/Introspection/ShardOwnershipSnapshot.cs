namespace Fencepost.Engine.Introspection;

/// <summary>One owned shard at one instant.</summary>
public sealed record ShardOwnershipSnapshot(int ShardId, long RangeId, string Owner, DateTimeOffset AcquiredAt, int CachedRuns, int PendingTimers);
