using HdrHistogram;

namespace Fencepost.Diagnostics.Latency;

/// <summary>
/// One second of one series, compacted to its non-empty histogram buckets (a full HdrHistogram per
/// second would cost tens of kilobytes each). Immutable, so readers need no lock once they hold it.
/// </summary>
internal sealed class LatencySecond
{
    private readonly long[] _values;
    private readonly long[] _counts;

    private LatencySecond(long second, long[] values, long[] counts, long count, long p99, long max)
    {
        Second = second;
        _values = values;
        _counts = counts;
        Count = count;
        P99Micros = p99;
        MaxMicros = max;
    }

    public long Second { get; }

    public long Count { get; }

    public long P99Micros { get; }

    public long MaxMicros { get; }

    public static LatencySecond From(long second, HistogramBase histogram)
    {
        var values = new List<long>();
        var counts = new List<long>();
        foreach (var bucket in histogram.RecordedValues())
        {
            values.Add(bucket.ValueIteratedTo);
            counts.Add(bucket.CountAtValueIteratedTo);
        }
        return new LatencySecond(
            second,
            [.. values],
            [.. counts],
            histogram.TotalCount,
            histogram.GetValueAtPercentile(99),
            histogram.GetMaxValue());
    }

    /// <summary>Adds this second's samples to <paramref name="target"/> (same bucket layout, so no precision is lost).</summary>
    public void AddTo(HistogramBase target)
    {
        for (var i = 0; i < _values.Length; i++)
        {
            target.RecordValueWithCount(_values[i], _counts[i]);
        }
    }
}
