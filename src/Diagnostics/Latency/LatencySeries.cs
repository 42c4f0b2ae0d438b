using HdrHistogram;

namespace Fencepost.Diagnostics.Latency;

/// <summary>
/// One named latency series ("workflow.e2e", "persistence.ShardWrite"...). Recording goes into an
/// HdrHistogram <see cref="Recorder"/> (wait-free for writers); when the clock's second changes, the
/// first caller swaps the recorder's interval histogram out and files it, compacted, under the second
/// it was recorded in. Reads merge any window of those seconds.
/// </summary>
/// <remarks>
/// A sample racing the swap at a second boundary may be filed under the neighbouring second; windows
/// are whole seconds, so that moves at most a handful of samples by one second.
/// </remarks>
public sealed class LatencySeries
{
    private readonly TimeProvider _time;
    private readonly Recorder _recorder;
    private readonly LatencySecond?[] _ring;
    private readonly Lock _harvestGate = new();
    private readonly long _highestMicros;
    private readonly int _digits;
    private HistogramBase? _recycled;
    private long _intervalSecond;

    internal LatencySeries(string name, TimeProvider time, LatencyRecorderOptions options)
    {
        Name = name;
        _time = time;
        _highestMicros = (long)options.HighestTrackable.TotalMicroseconds;
        _digits = options.SignificantDigits;
        _recorder = HistogramFactory.With64BitBucketSize()
            .WithValuesFrom(1)
            .WithValuesUpTo(_highestMicros)
            .WithPrecisionOf(_digits)
            .WithThreadSafeWrites()
            .WithThreadSafeReads()
            .Create();
        _ring = new LatencySecond?[(int)Math.Ceiling(options.Retention.TotalSeconds)];
        _intervalSecond = CurrentSecond();
    }

    public string Name { get; }

    public void Record(TimeSpan elapsed) => RecordMicroseconds((long)elapsed.TotalMicroseconds);

    /// <summary>Records one sample. Values below 1 µs count as 1 µs, values above the highest trackable as that value.</summary>
    public void RecordMicroseconds(long microseconds)
    {
        var second = CurrentSecond();
        if (second != Volatile.Read(ref _intervalSecond))
        {
            Harvest(second);
        }
        _recorder.RecordValue(Math.Clamp(microseconds, 1, _highestMicros));
    }

    /// <summary>Percentiles over the last <paramref name="window"/> (whole seconds, including the current one), or null when it holds no sample.</summary>
    public LatencySummary? Summarize(TimeSpan window)
    {
        var (from, to) = Window(window);
        var merged = NewHistogram();
        foreach (var second in Seconds(from, to))
        {
            second.AddTo(merged);
        }
        if (merged.TotalCount == 0)
        {
            return null;
        }
        return new LatencySummary(
            DateTimeOffset.FromUnixTimeSeconds(from),
            DateTimeOffset.FromUnixTimeSeconds(to + 1),
            merged.TotalCount,
            merged.GetValueAtPercentile(50),
            merged.GetValueAtPercentile(95),
            merged.GetValueAtPercentile(99),
            merged.GetMaxValue(),
            merged.GetMean());
    }

    /// <summary>One point per second of the window, oldest first; seconds without samples have a null p99.</summary>
    public IReadOnlyList<LatencyPoint> P99PerSecond(TimeSpan window)
    {
        var (from, to) = Window(window);
        var points = new LatencyPoint[to - from + 1];
        for (var second = from; second <= to; second++)
        {
            points[second - from] = new LatencyPoint(DateTimeOffset.FromUnixTimeSeconds(second), null, 0);
        }
        foreach (var second in Seconds(from, to))
        {
            points[second.Second - from] = new LatencyPoint(DateTimeOffset.FromUnixTimeSeconds(second.Second), second.P99Micros, second.Count);
        }
        return points;
    }

    private IEnumerable<LatencySecond> Seconds(long from, long to)
    {
        Harvest(to + 1, includeCurrent: true);
        for (var second = from; second <= to; second++)
        {
            if (Volatile.Read(ref _ring[Slot(second)]) is { } stored && stored.Second == second)
            {
                yield return stored;
            }
        }
    }

    /// <summary>
    /// Files the recorder's interval under the second it was recorded in. Readers pass
    /// <paramref name="includeCurrent"/> so the current, unfinished second is visible too; its later
    /// samples are merged into the same slot at the next harvest.
    /// </summary>
    private void Harvest(long now, bool includeCurrent = false)
    {
        lock (_harvestGate)
        {
            var intervalSecond = _intervalSecond;
            if (!includeCurrent && now <= intervalSecond)
            {
                return;
            }
            var interval = _recorder.GetIntervalHistogram(_recycled);
            _recycled = interval;
            if (interval.TotalCount > 0)
            {
                File(intervalSecond, interval);
            }
            Volatile.Write(ref _intervalSecond, Math.Max(intervalSecond, Math.Min(now, CurrentSecond())));
        }
    }

    private void File(long second, HistogramBase interval)
    {
        var slot = Slot(second);
        if (_ring[slot] is { } existing && existing.Second == second)
        {
            var merged = NewHistogram();
            existing.AddTo(merged);
            merged.Add(interval);
            interval = merged;
        }
        Volatile.Write(ref _ring[slot], LatencySecond.From(second, interval));
    }

    private (long From, long To) Window(TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.FromSeconds(1));
        var to = CurrentSecond();
        var seconds = Math.Min((long)Math.Ceiling(window.TotalSeconds), _ring.Length);
        return (to - seconds + 1, to);
    }

    private LongHistogram NewHistogram() => new(1, _highestMicros, _digits);

    private long CurrentSecond() => _time.GetUtcNow().ToUnixTimeSeconds();

    private int Slot(long second) => (int)(((second % _ring.Length) + _ring.Length) % _ring.Length);
}
