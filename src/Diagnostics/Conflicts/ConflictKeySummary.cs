namespace Fencepost.Diagnostics.Conflicts;

/// <summary>
/// One contended key over a window. <see cref="Retries"/> counts conflicts that led to another attempt,
/// <see cref="Exhausted"/> those that ended the transaction because the retry budget was spent.
/// </summary>
public sealed record ConflictKeySummary(
    string Key,
    string Table,
    string Store,
    int? ShardId,
    long Count,
    double RatePerSecond,
    long Retries,
    long Exhausted,
    DateTimeOffset LastSeen,
    long? PreviousCount,
    ConflictTrend Trend,
    IReadOnlyList<ConflictOperationCount> Operations);
