using System.Collections.Concurrent;

namespace Fencepost.Diagnostics.Latency;

/// <summary>
/// Named latency series for the console and the benchmark report. Hot paths should keep the
/// <see cref="LatencySeries"/> from <see cref="Series"/> and record on it, skipping the name lookup.
/// </summary>
public sealed class LatencyRecorder
{
    private readonly ConcurrentDictionary<string, LatencySeries> _series = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly LatencyRecorderOptions _options;

    public LatencyRecorder(TimeProvider time, LatencyRecorderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _options = options ?? new LatencyRecorderOptions();
        _options.Validate();
        _time = time;
    }

    /// <summary>Names of every series recorded so far, sorted.</summary>
    public IReadOnlyList<string> SeriesNames => [.. _series.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The series called <paramref name="name"/>, created on first use.</summary>
    public LatencySeries Series(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _series.GetOrAdd(name, static (n, self) => new LatencySeries(n, self._time, self._options), this);
    }

    public void Record(string series, TimeSpan elapsed) => Series(series).Record(elapsed);

    public void RecordMicroseconds(string series, long microseconds) => Series(series).RecordMicroseconds(microseconds);

    /// <summary>Percentiles of <paramref name="series"/> over the window; null when the series is unknown or the window is empty.</summary>
    public LatencySummary? Summarize(string series, TimeSpan window) =>
        _series.TryGetValue(series, out var s) ? s.Summarize(window) : null;

    /// <summary>Per-second p99 of <paramref name="series"/>; every point is a gap when the series is unknown (which it does not create).</summary>
    public IReadOnlyList<LatencyPoint> P99PerSecond(string series, TimeSpan window)
    {
        if (_series.TryGetValue(series, out var s))
        {
            return s.P99PerSecond(window);
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.FromSeconds(1));
        var to = _time.GetUtcNow().ToUnixTimeSeconds();
        var seconds = (long)Math.Ceiling(Math.Min(window.TotalSeconds, _options.Retention.TotalSeconds));
        return [.. Enumerable.Range(0, (int)seconds).Select(i => new LatencyPoint(DateTimeOffset.FromUnixTimeSeconds(to - seconds + 1 + i), null, 0))];
    }
}
