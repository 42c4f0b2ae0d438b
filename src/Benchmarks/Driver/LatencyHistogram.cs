using HdrHistogram;
using Fencepost.Diagnostics.Latency;

namespace Fencepost.Benchmarks.Driver;

/// <summary>
/// One whole-run HdrHistogram of latencies in microseconds, safe for concurrent writers. Unlike the
/// console's per-second LatencyRecorder it is keyed by nothing but the run, so samples
/// are filed by the workflow's intended start rather than by when they completed.
/// </summary>
public sealed class LatencyHistogram
{
    // One hour: a workflow slower than that is reported at this value (and shows as the max).
    private const long HighestMicros = 3_600_000_000;

    private readonly LongConcurrentHistogram _histogram = new(1, HighestMicros, 3);

    public long Count => _histogram.TotalCount;

    public void Record(TimeSpan latency)
    {
        var micros = (long)Math.Round(latency.TotalMicroseconds);
        _histogram.RecordValue(Math.Clamp(micros, 1, HighestMicros));
    }

    /// <summary>Percentiles over everything recorded, or null when nothing was (no data is not 0 ms).</summary>
    public LatencySummary? Summarize(DateTimeOffset from, DateTimeOffset to)
    {
        var copy = _histogram.Copy();
        if (copy.TotalCount == 0)
        {
            return null;
        }
        return new LatencySummary(
            from,
            to,
            copy.TotalCount,
            copy.GetValueAtPercentile(50),
            copy.GetValueAtPercentile(95),
            copy.GetValueAtPercentile(99),
            copy.GetMaxValue(),
            copy.GetMean());
    }
}
