namespace Fencepost.Diagnostics.Health;

/// <summary>The load bands the evaluator chooses thresholds from.</summary>
public sealed record HealthEvaluatorOptions
{
    public IReadOnlyList<LoadBand> Bands { get; init; } = LoadBand.Defaults;

    /// <summary>Throws one exception listing every invalid setting.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (Bands.Count == 0)
        {
            errors.Add("At least one load band is required.");
        }
        else if (Bands.Min(b => b.MinWorkflowsPerSecond) != 0)
        {
            errors.Add("One load band must start at 0 wf/s so every load has thresholds.");
        }
        if (Bands.Select(b => b.MinWorkflowsPerSecond).Distinct().Count() != Bands.Count)
        {
            errors.Add("Load bands must start at distinct rates.");
        }
        foreach (var band in Bands)
        {
            if (band.MaxBacklogAge <= TimeSpan.Zero || band.MaxPersistenceP99 <= TimeSpan.Zero)
            {
                errors.Add($"Band {band.Name}: backlog age and persistence p99 thresholds must be positive.");
            }
            if (band.MaxConflictsPerTransition < 0 || band.MaxRetriesExhausted < 0 || band.MaxPoolWaitsPerSecond < 0 || band.MaxShardOwnershipChanges < 0)
            {
                errors.Add($"Band {band.Name}: thresholds must not be negative.");
            }
        }
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
    }
}
