namespace Fencepost.ConsoleWeb.Data.Shards;

/// <summary>
/// One owned shard's write activity over the tracker's window: transactions and the writes merged into
/// them per second, the mean commit latency, and the ceiling one serial writer reaches at that latency
/// (1 / commit latency, in transactions per second). Null values: not measured yet.
/// </summary>
public sealed record ShardActivity(
    int ShardId,
    string Owner,
    long RangeId,
    double? TransactionsPerSecond,
    double? WritesPerSecond,
    double? MeanCommitMilliseconds)
{
    public double? CeilingPerSecond => MeanCommitMilliseconds is > 0 and var ms ? 1000 / ms : null;

    /// <summary>How much of the ceiling the shard uses (0..1), or null when either side is unknown.</summary>
    public double? CeilingUse => TransactionsPerSecond is { } rate && CeilingPerSecond is { } ceiling ? Math.Min(1, rate / ceiling) : null;
}
