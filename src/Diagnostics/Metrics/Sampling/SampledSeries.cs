namespace Fencepost.Diagnostics.Metrics.Sampling;

/// <summary>
/// One instrument x tag set as a ring of per-second values (NaN marks a gap). Written only by the
/// sampler under its lock; read under the same lock.
/// </summary>
internal sealed class SampledSeries
{
    private readonly double[] _values;
    private long _lastSecond = long.MinValue;
    private long _previousSecond;
    private double? _previousTotal;

    public SampledSeries(InstrumentSnapshot instrument, IReadOnlyList<KeyValuePair<string, string>> tags, int seconds)
    {
        MeterName = instrument.MeterName;
        Name = instrument.Name;
        Description = instrument.Description;
        Kind = instrument.Kind;
        Unit = instrument.Unit;
        Tags = tags;
        _values = new double[seconds];
        Array.Fill(_values, double.NaN);
    }

    public string MeterName { get; }

    public string Name { get; }

    public string? Description { get; }

    public MetricKind Kind { get; }

    public string? Unit { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; }

    /// <summary>Counters and histograms are charted as rates per second, the rest as values.</summary>
    public bool IsRate => Kind is MetricKind.Counter or MetricKind.Histogram;

    public string ChartUnit => IsRate ? $"{(string.IsNullOrEmpty(Unit) || Kind == MetricKind.Histogram ? "{measurement}" : Unit)}/s" : Unit ?? string.Empty;

    /// <summary>
    /// Files the sample taken at <paramref name="second"/>. For rates the value is the total's increase
    /// since the previous sample, spread evenly over the seconds it covers (a late tick loses no
    /// increments); a total that went down (a restart) starts over with a gap.
    /// </summary>
    public void Write(long second, double currentValueOrTotal)
    {
        if (!IsRate)
        {
            Put(second, currentValueOrTotal, fillSkipped: double.NaN);
            return;
        }
        var previous = _previousTotal;
        var previousSecond = _previousSecond;
        _previousTotal = currentValueOrTotal;
        _previousSecond = second;
        if (previous is not { } before || currentValueOrTotal < before)
        {
            Put(second, double.NaN, fillSkipped: double.NaN);
            return;
        }
        var rate = (currentValueOrTotal - before) / (second - previousSecond);
        Put(second, rate, fillSkipped: previousSecond == _lastSecond ? rate : double.NaN);
    }

    public double? Read(long second)
    {
        if (second > _lastSecond || second <= _lastSecond - _values.Length)
        {
            return null;
        }
        var value = _values[Slot(second)];
        return double.IsNaN(value) ? null : value;
    }

    private void Put(long second, double value, double fillSkipped)
    {
        if (_lastSecond != long.MinValue)
        {
            var from = Math.Max(_lastSecond + 1, second - _values.Length + 1);
            for (var s = from; s < second; s++)
            {
                _values[Slot(s)] = fillSkipped;
            }
        }
        _values[Slot(second)] = value;
        _lastSecond = second;
    }

    private int Slot(long second) => (int)(((second % _values.Length) + _values.Length) % _values.Length);
}
