using System.Diagnostics;
using System.Diagnostics.Metrics;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.Persistence.Postgres.Pooling;

/// <summary>
/// The pool's instruments on meter <see cref="MeterName"/>, named as the DSQL plugin named them:
/// gauges dsql_pool_open, dsql_pool_in_use, dsql_pool_idle, dsql_pool_max_open, counter
/// dsql_pool_wait_total and histogram dsql_pool_wait_duration (seconds), all tagged with the pool.
/// </summary>
internal sealed class PostgresPoolMetrics
{
    public const string MeterName = "Fencepost.Persistence.Pool";

    private readonly Counter<long> _waits;
    private readonly Histogram<double> _waitDuration;
    private readonly KeyValuePair<string, object?> _poolTag;

    public PostgresPoolMetrics(IMeterFactory meterFactory, string poolName, Func<ConnectionPoolSnapshot> snapshot)
    {
        var meter = meterFactory.Create(MeterName);
        _poolTag = new KeyValuePair<string, object?>("pool", poolName);
        var tag = _poolTag;
        meter.CreateObservableGauge("dsql_pool_open", () => new Measurement<int>(snapshot().Open, tag), "{connection}", "Open physical connections.");
        meter.CreateObservableGauge("dsql_pool_in_use", () => new Measurement<int>(snapshot().InUse, tag), "{connection}", "Connections lent out.");
        meter.CreateObservableGauge("dsql_pool_idle", () => new Measurement<int>(snapshot().Idle, tag), "{connection}", "Open connections waiting in the pool.");
        meter.CreateObservableGauge("dsql_pool_max_open", () => new Measurement<int>(snapshot().MaxOpen, tag), "{connection}", "The pool's size limit.");
        _waits = meter.CreateCounter<long>("dsql_pool_wait_total", "{wait}", "Connection requests that waited because every connection was in use.");
        _waitDuration = meter.CreateHistogram<double>("dsql_pool_wait_duration", "s", "How long those requests waited.");
    }

    public void RecordWait(TimeSpan waited)
    {
        _waits.Add(1, _poolTag);
        if (_waitDuration.Enabled)
        {
            _waitDuration.Record(waited.TotalSeconds, new TagList { _poolTag });
        }
    }
}
