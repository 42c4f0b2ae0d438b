namespace Fencepost.Engine.Persistence.Model;

/// <summary>
/// A task queue partition's row. The owner leases <see cref="RangeId"/> by compare-and-set and may
/// then use task ids in (RangeId-1)*size, RangeId*size]; tasks at or below <see cref="AckLevel"/> are done.
/// </summary>
public sealed record TaskQueueLease(
    TaskQueueKey Key,
    long RangeId,
    long AckLevel,
    DateTimeOffset UpdatedAt,
    byte[] Data);
