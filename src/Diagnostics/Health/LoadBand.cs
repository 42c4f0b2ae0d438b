namespace Fencepost.Diagnostics.Health;

/// <summary>
/// Thresholds for clusters whose load (the larger of starts/s and completions/s) is at least
/// <see cref="MinWorkflowsPerSecond"/>. A busy cluster tolerates more absolute churn and slightly slower
/// commits than a quiet one, where any exhausted retry already means something is wrong.
/// </summary>
public sealed record LoadBand(
    string Name,
    double MinWorkflowsPerSecond,
    TimeSpan MaxBacklogAge,
    TimeSpan MaxPersistenceP99,
    double MaxConflictsPerTransition,
    long MaxRetriesExhausted,
    double MaxPoolWaitsPerSecond,
    long MaxShardOwnershipChanges)
{
    /// <summary>Defaults drawn from the DSQL plugin's benchmarks (p99 commit well under 100 ms, conflicts under 1-5 %).</summary>
    public static IReadOnlyList<LoadBand> Defaults { get; } =
    [
        new("small", 0, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50), 0.05, 0, 1, 4),
        new("medium", 10, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), 0.03, 1, 5, 8),
        new("large", 100, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(150), 0.02, 5, 20, 32),
        new("xlarge", 400, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250), 0.02, 20, 50, 64),
    ];
}
