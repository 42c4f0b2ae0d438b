using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Fencepost.Diagnostics.Metrics;

/// <summary>
/// Listens to every instrument of the "Fencepost*" meters (and any named in the options) and keeps their running totals, values and
/// histogram buckets per tag set: the one source for the Prometheus endpoint and the chart sampler.
/// A measurement costs a tag-set lookup (a hash and a short scan) and one atomic update.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();
    private readonly MeterListener _listener;

    public MetricsCollector(MetricsCollectorOptions? options = null)
    {
        options ??= new MetricsCollectorOptions();
        options.Validate();
        var prefix = options.MeterNamePrefix;
        var additional = options.AdditionalMeterNames.ToHashSet(StringComparer.Ordinal);
        var maxTagSets = options.MaxTagSetsPerInstrument;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                var wanted = instrument.Meter.Name.StartsWith(prefix, StringComparison.Ordinal) || additional.Contains(instrument.Meter.Name);
                if (wanted && InstrumentState.TryCreate(instrument, maxTagSets) is { } state)
                {
                    _instruments[instrument] = state;
                    listener.EnableMeasurementEvents(instrument, state);
                }
            },
            MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentState? _),
        };
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentState)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>
    /// Polls the observable instruments, then returns every instrument's current state, ordered by
    /// meter and instrument name.
    /// </summary>
    public IReadOnlyList<InstrumentSnapshot> Collect()
    {
        _listener.RecordObservableInstruments();
        return [.. _instruments.Values
            .Select(state => state.Snapshot())
            .OrderBy(s => s.MeterName, StringComparer.Ordinal)
            .ThenBy(s => s.Name, StringComparer.Ordinal)];
    }

    public void Dispose() => _listener.Dispose();
}
