namespace Fencepost.Diagnostics.Metrics.Sampling;

/// <summary>How much chart history the sampler keeps.</summary>
public sealed record MetricsSamplerOptions
{
    /// <summary>History kept per series, one value per second.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Series (instrument x tag set) kept; new ones beyond this are not charted (they still reach /metrics).</summary>
    public int MaxSeries { get; init; } = 5_000;

    /// <summary>Throws one exception listing every invalid setting.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (Retention < TimeSpan.FromSeconds(2) || Retention > TimeSpan.FromDays(1))
        {
            errors.Add($"{nameof(Retention)} must be between 2 s and 1 day (was {Retention}).");
        }
        if (MaxSeries < 1)
        {
            errors.Add($"{nameof(MaxSeries)} must be at least 1 (was {MaxSeries}).");
        }
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
    }
}
