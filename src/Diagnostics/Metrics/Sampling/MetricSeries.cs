namespace Fencepost.Diagnostics.Metrics.Sampling;

/// <summary>
/// A chart series, oldest point first. <see cref="Unit"/> is what the values are in: counters and
/// histograms are charted as per-second rates ("{conflict}/s"), gauges in their own unit.
/// </summary>
public sealed record MetricSeries(string Instrument, string Unit, MetricKind Kind, IReadOnlyList<MetricPoint> Points)
{
    /// <summary>The newest point that has a value, if any.</summary>
    public MetricPoint? LastWithValue => Points.LastOrDefault(p => p.Value is not null);
}
