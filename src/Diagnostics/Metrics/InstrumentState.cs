using System.Diagnostics.Metrics;

namespace Fencepost.Diagnostics.Metrics;

/// <summary>
/// The cells of one instrument. Lookups scan an immutable array (no lock, no allocation for string
/// tags); a new tag set copies the array under a lock. Tag sets per instrument are few in practice.
/// </summary>
internal sealed class InstrumentState
{
    private static readonly KeyValuePair<string, string>[] OverflowTags = [new("otel.metric.overflow", "true")];

    private readonly Lock _gate = new();
    private readonly int _maxTagSets;
    private readonly bool _additive;
    private MetricCell[] _cells = [];
    private MetricCell? _overflow;

    private InstrumentState(Instrument instrument, MetricKind kind, bool additive, double[]? boundaries, int maxTagSets)
    {
        Instrument = instrument;
        Kind = kind;
        _additive = additive;
        Boundaries = boundaries;
        _maxTagSets = maxTagSets;
    }

    public Instrument Instrument { get; }

    public MetricKind Kind { get; }

    public double[]? Boundaries { get; }

    public static InstrumentState? TryCreate(Instrument instrument, int maxTagSets)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }
        var definition = type.GetGenericTypeDefinition();
        // Push counters report increments (add them up); observable instruments report the current
        // total or value on each collection (keep the latest).
        (MetricKind Kind, bool Additive)? shape =
            definition == typeof(Counter<>) ? (MetricKind.Counter, true)
            : definition == typeof(UpDownCounter<>) ? (MetricKind.UpDownCounter, true)
            : definition == typeof(ObservableCounter<>) ? (MetricKind.Counter, false)
            : definition == typeof(ObservableUpDownCounter<>) ? (MetricKind.UpDownCounter, false)
            : definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>) ? (MetricKind.Gauge, false)
            : definition == typeof(Histogram<>) ? (MetricKind.Histogram, true)
            : null;
        if (shape is not { } s)
        {
            return null;
        }
        var boundaries = s.Kind == MetricKind.Histogram ? HistogramBoundaries.For(instrument) : null;
        return new InstrumentState(instrument, s.Kind, s.Additive, boundaries, maxTagSets);
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var cell = Find(tags);
        if (Kind == MetricKind.Histogram)
        {
            cell.Observe(value, Boundaries!);
        }
        else if (_additive)
        {
            cell.Add(value);
        }
        else
        {
            cell.Set(value);
        }
    }

    public InstrumentSnapshot Snapshot()
    {
        var cells = Volatile.Read(ref _cells);
        var points = new List<MetricPointSnapshot>(cells.Length + 1);
        foreach (var cell in cells)
        {
            points.Add(new MetricPointSnapshot(cell.Tags, cell.Value, cell.SnapshotHistogram()));
        }
        if (Volatile.Read(ref _overflow) is { } overflow)
        {
            points.Add(new MetricPointSnapshot(overflow.Tags, overflow.Value, overflow.SnapshotHistogram()));
        }
        return new InstrumentSnapshot(Instrument.Meter.Name, Instrument.Name, Instrument.Unit, Instrument.Description, Kind, Boundaries, points);
    }

    private MetricCell Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = MetricCell.HashOf(tags);
        foreach (var cell in Volatile.Read(ref _cells))
        {
            if (cell.Matches(hash, tags))
            {
                return cell;
            }
        }
        return Add(hash, tags);
    }

    private MetricCell Add(int hash, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_gate)
        {
            foreach (var cell in _cells)
            {
                if (cell.Matches(hash, tags))
                {
                    return cell;
                }
            }
            var buckets = Boundaries is null ? 0 : Boundaries.Length + 1;
            if (_cells.Length >= _maxTagSets)
            {
                return _overflow ??= new MetricCell(OverflowTags, 0, buckets);
            }
            var added = new MetricCell(MetricCell.Normalize(tags), hash, buckets);
            Volatile.Write(ref _cells, [.. _cells, added]);
            return added;
        }
    }
}
