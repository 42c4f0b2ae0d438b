namespace Fencepost.Diagnostics.Latency;

/// <summary>Resolution and memory bounds of the latency histograms.</summary>
public sealed record LatencyRecorderOptions
{
    /// <summary>How long per-second histograms are kept; the longest window a query can merge.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Largest latency told apart; longer samples count as this value (and show as the max).</summary>
    public TimeSpan HighestTrackable { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Decimal digits of precision. Two digits (1 % error) keep one second of a busy series to a few
    /// hundred (value, count) pairs, so an hour of history stays in the low megabytes per series.
    /// </summary>
    public int SignificantDigits { get; init; } = 2;

    /// <summary>Throws one exception listing every invalid setting.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (Retention < TimeSpan.FromSeconds(1) || Retention > TimeSpan.FromDays(1))
        {
            errors.Add($"{nameof(Retention)} must be between 1 s and 1 day (was {Retention}).");
        }
        if (HighestTrackable < TimeSpan.FromMilliseconds(1))
        {
            errors.Add($"{nameof(HighestTrackable)} must be at least 1 ms (was {HighestTrackable}).");
        }
        if (SignificantDigits is < 1 or > 5)
        {
            errors.Add($"{nameof(SignificantDigits)} must be between 1 and 5 (was {SignificantDigits}).");
        }
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
    }
}
