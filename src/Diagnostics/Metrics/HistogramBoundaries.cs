using System.Diagnostics.Metrics;

namespace Fencepost.Diagnostics.Metrics;

/// <summary>
/// Bucket boundaries for a histogram: the instrument's own advice when it gives one, else buckets
/// suited to its unit: latency buckets from 0.5 ms to 10 s for seconds (scaled for ms and µs),
/// OpenTelemetry's defaults otherwise.
/// </summary>
internal static class HistogramBoundaries
{
    private static readonly double[] Seconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly double[] OpenTelemetryDefault = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1_000, 2_500, 5_000, 7_500, 10_000];

    public static double[] For(Instrument instrument)
    {
        var advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
        if (advised is { Length: > 0 })
        {
            Array.Sort(advised);
            return advised;
        }
        return instrument.Unit switch
        {
            "s" => Seconds,
            "ms" => [.. Seconds.Select(b => b * 1_000)],
            "us" => [.. Seconds.Select(b => b * 1_000_000)],
            _ => OpenTelemetryDefault,
        };
    }
}
