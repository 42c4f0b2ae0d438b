using System.Diagnostics.Metrics;
using Fencepost.Diagnostics.Latency;
using Fencepost.Diagnostics.Persistence;
using Fencepost.Engine.Metrics;

namespace Fencepost.ConsoleWeb.Telemetry;

/// <summary>
/// Copies the engine's latency histograms (workflow end-to-end, RPCs, schedule-to-start) and the
/// persistence layer's transaction latency into the <see cref="LatencyRecorder"/>, which keeps exact
/// percentiles per second for any window (the metrics collector keeps only fixed buckets). Recording
/// stays on while nobody watches so a page opened later still has the last hour; each sample costs a
/// wait-free HdrHistogram record.
/// </summary>
public sealed class EngineLatencyFeed : IDisposable
{
    private const string RpcInstrument = "rpc.server.duration";
    private const string EndToEndInstrument = "fencepost.workflow.end_to_end.duration";
    private const string ScheduleToStartInstrument = "fencepost.task.schedule_to_start.duration";
    private const string TransactionInstrument = "dsql_tx_latency";

    private readonly LatencyRecorder _recorder;
    private readonly LatencySeries _endToEnd;
    private readonly LatencySeries _persistenceAll;
    private readonly MeterListener _listener;

    public EngineLatencyFeed(LatencyRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        _recorder = recorder;
        _endToEnd = recorder.Series(LatencySeriesNames.WorkflowEndToEnd);
        _persistenceAll = recorder.Series(LatencySeriesNames.PersistenceAll);
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (IsFed(instrument))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>((instrument, seconds, tags, _) => OnMeasurement(instrument.Name, seconds, tags));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    private static bool IsFed(Instrument instrument) =>
        (instrument.Meter.Name == EngineInstruments.MeterName && instrument.Name is RpcInstrument or EndToEndInstrument or ScheduleToStartInstrument)
        || (instrument.Meter.Name == DsqlTransactionMetrics.MeterName && instrument.Name == TransactionInstrument);

    private void OnMeasurement(string instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var elapsed = TimeSpan.FromSeconds(seconds);
        switch (instrument)
        {
            case EndToEndInstrument:
                _endToEnd.Record(elapsed);
                break;
            case RpcInstrument when Tag(tags, "rpc.method") is { } method:
                _recorder.Record(LatencySeriesNames.Rpc(method), elapsed);
                break;
            case ScheduleToStartInstrument when Tag(tags, "task.type") is { } taskType:
                _recorder.Record(LatencySeriesNames.ScheduleToStart(taskType), elapsed);
                break;
            case TransactionInstrument when Tag(tags, "operation") is { } operation:
                _recorder.Record(LatencySeriesNames.Persistence(operation), elapsed);
                _persistenceAll.Record(elapsed);
                break;
            default:
                break;
        }
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var (name, value) in tags)
        {
            if (name == key)
            {
                return value as string;
            }
        }
        return null;
    }
}
