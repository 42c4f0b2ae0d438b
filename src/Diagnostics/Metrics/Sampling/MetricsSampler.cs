namespace Fencepost.Diagnostics.Metrics.Sampling;

/// <summary>
/// Per-second history of every collected instrument, for the console's charts: counters and
/// histograms become rates per second, gauges and up-down counters values; seconds without a sample
/// are gaps. Sums over tag sets are computed when a chart asks, so only one value per series per
/// second is stored.
/// </summary>
/// <remarks>
/// Cost when nobody reads: recording is the collector's atomic update per measurement (which
/// /metrics needs anyway); once a second a timer copies each series' total into its ring, a few
/// microseconds for hundreds of series, and memory is fixed at retention x series x 8 bytes (1 h is
/// about 29 KB per series). Charts read on demand and never make recording slower.
/// </remarks>
public sealed class MetricsSampler : IDisposable
{
    private readonly MetricsCollector _collector;
    private readonly TimeProvider _time;
    private readonly MetricsSamplerOptions _options;
    private readonly Dictionary<string, SampledSeries> _series = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private long _lastSampleSecond = long.MinValue;

    public MetricsSampler(MetricsCollector collector, TimeProvider time, MetricsSamplerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(collector);
        ArgumentNullException.ThrowIfNull(time);
        _options = options ?? new MetricsSamplerOptions();
        _options.Validate();
        _collector = collector;
        _time = time;
        _timer = time.CreateTimer(static state => ((MetricsSampler)state!).Sample(), this, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private int RingSeconds => (int)Math.Ceiling(_options.Retention.TotalSeconds);

    /// <summary>Every instrument sampled so far, with its tag sets, sorted by name.</summary>
    public IReadOnlyList<MetricDescriptor> Instruments
    {
        get
        {
            lock (_gate)
            {
                return [.. _series.Values
                    .GroupBy(s => (s.MeterName, s.Name))
                    .OrderBy(g => g.Key.Name, StringComparer.Ordinal)
                    .ThenBy(g => g.Key.MeterName, StringComparer.Ordinal)
                    .Select(g => new MetricDescriptor(
                        g.Key.MeterName,
                        g.Key.Name,
                        g.First().Description,
                        g.First().Kind,
                        g.First().ChartUnit,
                        [.. g.Select(s => s.Tags)]))];
            }
        }
    }

    /// <summary>
    /// One point per second of the window (the current second last) for <paramref name="instrument"/>,
    /// summed over the tag sets that carry every tag in <paramref name="tags"/>. A second where none of
    /// them has a sample is a gap; an unknown instrument is all gaps.
    /// </summary>
    public MetricSeries Series(string instrument, TimeSpan window, IReadOnlyDictionary<string, string>? tags = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instrument);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.FromSeconds(1));
        var to = _time.GetUtcNow().ToUnixTimeSeconds();
        var seconds = (int)Math.Min(Math.Ceiling(window.TotalSeconds), RingSeconds);
        var from = to - seconds + 1;
        lock (_gate)
        {
            var matching = _series.Values.Where(s => s.Name == instrument && HasTags(s, tags)).ToList();
            var points = new MetricPoint[seconds];
            for (var i = 0; i < seconds; i++)
            {
                double? sum = null;
                foreach (var series in matching)
                {
                    if (series.Read(from + i) is { } value)
                    {
                        sum = (sum ?? 0) + value;
                    }
                }
                points[i] = new MetricPoint(DateTimeOffset.FromUnixTimeSeconds(from + i), sum);
            }
            var first = matching.FirstOrDefault();
            return new MetricSeries(instrument, first?.ChartUnit ?? string.Empty, first?.Kind ?? MetricKind.Gauge, points);
        }
    }

    /// <summary>The most recent sampled value (rate for counters) within the last few seconds, or null.</summary>
    public double? Latest(string instrument, IReadOnlyDictionary<string, string>? tags = null) =>
        Series(instrument, TimeSpan.FromSeconds(3), tags).LastWithValue?.Value;

    /// <summary>Takes this second's sample; the timer calls it, at most once per second counts.</summary>
    internal void Sample()
    {
        var second = _time.GetUtcNow().ToUnixTimeSeconds();
        lock (_gate)
        {
            if (second <= _lastSampleSecond)
            {
                return;
            }
            _lastSampleSecond = second;
            foreach (var instrument in _collector.Collect())
            {
                foreach (var point in instrument.Points)
                {
                    var series = Find(instrument, point);
                    var value = instrument.Kind == MetricKind.Histogram ? point.Histogram?.Count ?? 0 : point.Value;
                    series?.Write(second, value);
                }
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private SampledSeries? Find(InstrumentSnapshot instrument, MetricPointSnapshot point)
    {
        var key = string.Join('\u001f', [instrument.MeterName, instrument.Name, .. point.Tags.Select(t => $"{t.Key}\u001e{t.Value}")]);
        if (_series.TryGetValue(key, out var series))
        {
            return series;
        }
        if (_series.Count >= _options.MaxSeries)
        {
            return null;
        }
        series = new SampledSeries(instrument, point.Tags, RingSeconds);
        _series.Add(key, series);
        return series;
    }

    private static bool HasTags(SampledSeries series, IReadOnlyDictionary<string, string>? tags) =>
        tags is null || tags.All(wanted => series.Tags.Any(t => t.Key == wanted.Key && t.Value == wanted.Value));
}
