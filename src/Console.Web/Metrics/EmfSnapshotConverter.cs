using Fencepost.Diagnostics.Metrics;
using Fencepost.Diagnostics.Metrics.Export;

namespace Fencepost.ConsoleWeb.Metrics;

/// <summary>
/// Turns collector snapshots into EMF lines, one per instrument and tag set (the tags become the
/// dimensions). CloudWatch aggregates the values of each period, so counters are sent as the increase
/// since the previous snapshot, histograms as that period's count and mean, and gauges as they are.
/// Not thread-safe: one writer owns it.
/// </summary>
public sealed class EmfSnapshotConverter(CloudWatchEmfFormatter formatter)
{
    private readonly Dictionary<string, (double Value, long Count)> _previous = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Convert(DateTimeOffset timestamp, IReadOnlyList<InstrumentSnapshot> instruments)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        var lines = new List<string>();
        foreach (var instrument in instruments)
        {
            foreach (var point in instrument.Points)
            {
                var dimensions = point.Tags.Take(CloudWatchEmfFormatter.MaxDimensions).ToList();
                var key = $"{instrument.MeterName}\n{instrument.Name}\n{string.Join('\n', point.Tags.Select(t => $"{t.Key}={t.Value}"))}";
                var metrics = Metrics(instrument, point, key);
                if (metrics.Count > 0)
                {
                    lines.Add(formatter.Format(timestamp, dimensions, metrics));
                }
            }
        }
        return lines;
    }

    private List<EmfMetric> Metrics(InstrumentSnapshot instrument, MetricPointSnapshot point, string key)
    {
        switch (instrument.Kind)
        {
            case MetricKind.Counter:
            {
                var increase = point.Value - Remember(key, point.Value, 0).Value;
                return [new EmfMetric(instrument.Name, Math.Max(0, increase), CloudWatchEmfFormatter.ToCloudWatchUnit(instrument.Unit) is "None" ? "Count" : CloudWatchEmfFormatter.ToCloudWatchUnit(instrument.Unit))];
            }
            case MetricKind.Histogram when point.Histogram is { } histogram:
            {
                var before = Remember(key, histogram.Sum, histogram.Count);
                var count = histogram.Count - before.Count;
                if (count <= 0)
                {
                    return [new EmfMetric(instrument.Name + "_count", 0, "Count")];
                }
                var mean = (histogram.Sum - before.Value) / count;
                return
                [
                    new EmfMetric(instrument.Name + "_count", count, "Count"),
                    new EmfMetric(instrument.Name + "_mean", mean, CloudWatchEmfFormatter.ToCloudWatchUnit(instrument.Unit)),
                ];
            }
            case MetricKind.Histogram:
                return [];
            default:
                return double.IsFinite(point.Value) ? [new EmfMetric(instrument.Name, point.Value, CloudWatchEmfFormatter.ToCloudWatchUnit(instrument.Unit))] : [];
        }
    }

    private (double Value, long Count) Remember(string key, double value, long count)
    {
        var previous = _previous.TryGetValue(key, out var p) ? p : (0, 0);
        _previous[key] = (value, count);
        return previous;
    }
}
