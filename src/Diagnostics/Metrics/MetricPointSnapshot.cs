namespace Fencepost.Diagnostics.Metrics;

/// <summary>
/// One tag set of an instrument: its total (counters), current value (gauges, up-down counters) or
/// sum of recorded values (histograms, with the buckets in <see cref="Histogram"/>). Tags are sorted by key.
/// </summary>
public sealed record MetricPointSnapshot(IReadOnlyList<KeyValuePair<string, string>> Tags, double Value, HistogramSnapshot? Histogram);
