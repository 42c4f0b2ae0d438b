namespace Fencepost.Diagnostics.Health;

/// <summary>
/// Forward-progress signals measured over one window. Rates are per second over the window; counts
/// are totals within it. A null latency or backlog age means "not measured / nothing queued".
/// </summary>
public sealed record HealthSignals
{
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    public double CompletionsPerSecond { get; init; }

    /// <summary>Persistence writes of workflow state (each a state transition).</summary>
    public double StateTransitionsPerSecond { get; init; }

    public double StartsPerSecond { get; init; }

    /// <summary>Age of the oldest task waiting in any queue; null when no queue has a backlog.</summary>
    public TimeSpan? OldestBacklogAge { get; init; }

    public TimeSpan? PersistenceP99 { get; init; }

    public double ConflictsPerSecond { get; init; }

    public long RetriesExhausted { get; init; }

    public double PoolWaitsPerSecond { get; init; }

    public long ShardOwnershipChanges { get; init; }

    public long OpenWorkflows { get; init; }
}
