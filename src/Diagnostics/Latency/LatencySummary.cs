namespace Fencepost.Diagnostics.Latency;

/// <summary>
/// Percentiles of one series over a window, in microseconds (with millisecond views for display).
/// A window without samples has no summary at all, so "no data" can never be mistaken for 0 µs.
/// </summary>
public sealed record LatencySummary(
    DateTimeOffset From,
    DateTimeOffset To,
    long Count,
    long P50Micros,
    long P95Micros,
    long P99Micros,
    long MaxMicros,
    double MeanMicros)
{
    public double P50Milliseconds => P50Micros / 1000.0;

    public double P95Milliseconds => P95Micros / 1000.0;

    public double P99Milliseconds => P99Micros / 1000.0;

    public double MaxMilliseconds => MaxMicros / 1000.0;

    public double MeanMilliseconds => MeanMicros / 1000.0;
}
