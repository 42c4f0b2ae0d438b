using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Fencepost.Diagnostics.Persistence;

/// <summary>
/// The persistence layer's instruments, named as the DSQL plugin named them so dashboards carry
/// over: dsql_tx_latency, dsql_tx_conflict_total, dsql_tx_retry_total, dsql_tx_exhausted_total,
/// dsql_tx_error_class_total, dsql_tx_backoff. Tags: store, operation (and error_class).
/// </summary>
public sealed class DsqlTransactionMetrics
{
    public const string MeterName = "Fencepost.Persistence";

    private readonly Histogram<double> _latency;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _exhausted;
    private readonly Counter<long> _errorClasses;
    private readonly Histogram<double> _backoff;

    public DsqlTransactionMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _latency = meter.CreateHistogram<double>("dsql_tx_latency", "s", "Duration of a whole transaction including its retries.");
        _conflicts = meter.CreateCounter<long>("dsql_tx_conflict_total", "{conflict}", "Commits that lost an OCC race (40001).");
        _retries = meter.CreateCounter<long>("dsql_tx_retry_total", "{retry}", "Whole-transaction retries after a conflict.");
        _exhausted = meter.CreateCounter<long>("dsql_tx_exhausted_total", "{transaction}", "Transactions that still conflicted when the retry budget ran out.");
        _errorClasses = meter.CreateCounter<long>("dsql_tx_error_class_total", "{error}", "Failed attempts by error class.");
        _backoff = meter.CreateHistogram<double>("dsql_tx_backoff", "s", "Backoff slept before a retry.");
    }

    public void RecordTransaction(string store, string operation, TimeSpan duration, bool succeeded)
    {
        if (_latency.Enabled)
        {
            _latency.Record(duration.TotalSeconds, Tags(store, operation, ("outcome", succeeded ? "ok" : "error")));
        }
    }

    public void RecordConflict(string store, string operation) => _conflicts.Add(1, Tags(store, operation));

    public void RecordRetry(string store, string operation, TimeSpan backoff)
    {
        _retries.Add(1, Tags(store, operation));
        if (_backoff.Enabled)
        {
            _backoff.Record(backoff.TotalSeconds, Tags(store, operation));
        }
    }

    public void RecordExhausted(string store, string operation) => _exhausted.Add(1, Tags(store, operation));

    public void RecordErrorClass(string store, string operation, string errorClass) =>
        _errorClasses.Add(1, Tags(store, operation, ("error_class", errorClass)));

    private static TagList Tags(string store, string operation, (string Key, string Value)? extra = null)
    {
        var tags = new TagList { { "store", store }, { "operation", operation } };
        if (extra is { } e)
        {
            tags.Add(e.Key, e.Value);
        }
        return tags;
    }
}
