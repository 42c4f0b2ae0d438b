using System.Diagnostics.Metrics;

namespace Fencepost.Engine.Persistence.Postgres.Pooling;

/// <summary>
/// Reads Npgsql's own pool gauge (meter "Npgsql", db.client.connection.count with state idle/used,
/// tagged with the pool name) for one data source: Npgsql exposes its physical connection counts
/// only as metrics, and they are the truth about open connections (lifetime recycling included).
/// </summary>
internal sealed class NpgsqlConnectionCounts : IDisposable
{
    private const string NpgsqlMeter = "Npgsql";
    private const string CountInstrument = "db.client.connection.count";
    private readonly string _poolName;
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private long _idle;
    private long _used;
    private bool _seen;

    public NpgsqlConnectionCounts(string poolName)
    {
        _poolName = poolName;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == NpgsqlMeter && instrument.Name == CountInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, value, tags, _) => OnMeasurement(value, tags));
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => OnMeasurement(value, tags));
        _listener.Start();
    }

    /// <summary>(idle, used) for this pool, or null when Npgsql published nothing for it.</summary>
    public (long Idle, long Used)? Read()
    {
        lock (_lock)
        {
            _idle = 0;
            _used = 0;
            _seen = false;
            _listener.RecordObservableInstruments();
            return _seen ? (_idle, _used) : null;
        }
    }

    private void OnMeasurement(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? pool = null;
        string? state = null;
        foreach (var tag in tags)
        {
            if (tag.Key == "db.client.connection.pool.name")
            {
                pool = tag.Value as string;
            }
            else if (tag.Key == "db.client.connection.state")
            {
                state = tag.Value as string;
            }
        }
        if (pool != _poolName)
        {
            return;
        }
        _seen = true;
        if (state == "idle")
        {
            _idle += value;
        }
        else if (state == "used")
        {
            _used += value;
        }
    }

    public void Dispose() => _listener.Dispose();
}
