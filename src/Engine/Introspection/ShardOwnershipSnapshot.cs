namespace Fencepost.Engine.Introspection;

/// <summary>
/// One owned shard at one instant. The commit totals run from this host's acquisition of the shard
/// (a re-acquisition starts them over), so a reader derives rates from two snapshots.
/// </summary>
public sealed record ShardOwnershipSnapshot(int ShardId, long RangeId, string Owner, DateTimeOffset AcquiredAt, int CachedRuns, int PendingTimers)
{
    /// <summary>Shard transactions committed since the acquisition.</summary>
    public long CommittedTransactions { get; init; }

    /// <summary>Writes (state transitions) merged into those transactions.</summary>
    public long CommittedWrites { get; init; }

    /// <summary>Time those transactions spent committing, summed.</summary>
    public TimeSpan CommitTime { get; init; }
}
