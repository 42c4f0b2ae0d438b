using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Fencepost.Diagnostics.Persistence;

namespace Fencepost.Benchmarks.Driver;

/// <summary>
/// Counts the persistence layer's transactions, conflicts and retries from the
/// <see cref="DsqlTransactionMetrics"/> instruments, so the report can say what a workflow costs the
/// database. A meter scope restricts it to one host's meters (the scope its
/// IMeterFactory stamps on them) when several engines share a process; null listens to all.
/// </summary>
public sealed class PersistenceActivityListener : IDisposable
{
    private const string LatencyInstrument = "dsql_tx_latency";
    private const string ConflictInstrument = "dsql_tx_conflict_total";
    private const string RetryInstrument = "dsql_tx_retry_total";

    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<string, OperationTotals> _operations = new(StringComparer.Ordinal);
    private long _transactions;
    private long _failed;
    private long _conflicts;
    private long _retries;

    public PersistenceActivityListener(object? meterScope = null)
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == DsqlTransactionMetrics.MeterName
                    && (meterScope is null || ReferenceEquals(instrument.Meter.Scope, meterScope))
                    && instrument.Name is LatencyInstrument or ConflictInstrument or RetryInstrument)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>((instrument, seconds, tags, _) =>
        {
            if (instrument.Name == LatencyInstrument)
            {
                OnTransaction(seconds, tags);
            }
        });
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == ConflictInstrument)
            {
                Interlocked.Add(ref _conflicts, value);
            }
            else if (instrument.Name == RetryInstrument)
            {
                Interlocked.Add(ref _retries, value);
            }
        });
        _listener.Start();
    }

    /// <summary>The totals since this listener started.</summary>
    public PersistenceActivity Read() => new(
        Interlocked.Read(ref _transactions),
        Interlocked.Read(ref _failed),
        Interlocked.Read(ref _conflicts),
        Interlocked.Read(ref _retries),
        [.. _operations.Select(p => new OperationActivity(p.Key, p.Value.Count, p.Value.TotalMicros / 1e6))]);

    public void Dispose() => _listener.Dispose();

    private void OnTransaction(double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? operation = null;
        var succeeded = true;
        foreach (var (key, value) in tags)
        {
            if (key == "operation")
            {
                operation = value as string;
            }
            else if (key == "outcome")
            {
                succeeded = value as string != "error";
            }
        }
        if (!succeeded)
        {
            Interlocked.Increment(ref _failed);
            return;
        }
        Interlocked.Increment(ref _transactions);
        var totals = _operations.GetOrAdd(operation ?? "(unnamed)", static _ => new OperationTotals());
        totals.Add(seconds);
    }

    private sealed class OperationTotals
    {
        private long _count;
        private long _totalMicros;

        public long Count => Interlocked.Read(ref _count);

        public long TotalMicros => Interlocked.Read(ref _totalMicros);

        public void Add(double seconds)
        {
            Interlocked.Increment(ref _count);
            Interlocked.Add(ref _totalMicros, (long)(seconds * 1e6));
        }
    }
}
