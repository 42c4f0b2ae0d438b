using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Fencepost.Benchmarks.Driver;

/// <summary>
/// Says where a workflow's time goes, from the engine's own histograms: how long tasks wait for a
/// poller (schedule-to-start) and how long the server takes to apply a start or a completion (which
/// includes queueing for the shard's in-order writer). Only samples taken between
/// <see cref="StartMeasuring"/> and <see cref="StopMeasuring"/> count, so warm-up and drain are left out.
/// The engine's meter is matched by name because Diagnostics cannot reference the engine.
/// </summary>
public sealed class StageLatencyListener : IDisposable
{
    public const string EngineMeterName = "Fencepost.Engine";
    private const string ScheduleToStart = "fencepost.task.schedule_to_start.duration";
    private const string RpcDuration = "rpc.server.duration";

    /// <summary>The calls on a workflow's path whose server time matters; polls are left out (they wait by design).</summary>
    private static readonly string[] PathMethods = ["StartWorkflowExecution", "RespondWorkflowTaskCompleted", "RespondActivityTaskCompleted"];

    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<string, LatencyHistogram> _stages = new(StringComparer.Ordinal);
    private volatile bool _measuring;

    public StageLatencyListener(object? meterScope = null)
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == EngineMeterName
                    && (meterScope is null || ReferenceEquals(instrument.Meter.Scope, meterScope))
                    && instrument.Name is ScheduleToStart or RpcDuration)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>((instrument, seconds, tags, _) =>
        {
            if (_measuring && StageOf(instrument.Name, tags) is { } stage)
            {
                _stages.GetOrAdd(stage, static _ => new LatencyHistogram()).Record(TimeSpan.FromSeconds(seconds));
            }
        });
        _listener.Start();
    }

    public void StartMeasuring() => _measuring = true;

    public void StopMeasuring() => _measuring = false;

    /// <summary>Every stage that had samples, in the order a workflow meets them.</summary>
    public IReadOnlyList<StageLatency> Read()
    {
        var result = new List<StageLatency>();
        foreach (var stage in Order())
        {
            if (_stages.TryGetValue(stage, out var histogram) && histogram.Summarize(DateTimeOffset.MinValue, DateTimeOffset.MinValue) is { } summary)
            {
                result.Add(new StageLatency(stage, summary.Count, summary.P50Milliseconds, summary.P99Milliseconds, summary.MaxMilliseconds));
            }
        }
        return result;
    }

    public void Dispose() => _listener.Dispose();

    private static IEnumerable<string> Order()
    {
        yield return "StartWorkflowExecution (server)";
        yield return "workflow task schedule-to-start";
        yield return "RespondWorkflowTaskCompleted (server)";
        yield return "activity task schedule-to-start";
        yield return "RespondActivityTaskCompleted (server)";
    }

    private static string? StageOf(string instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (instrument == ScheduleToStart && tag.Key == "task.type" && tag.Value is string type)
            {
                return $"{type} task schedule-to-start";
            }
            if (instrument == RpcDuration && tag.Key == "rpc.method" && tag.Value is string method && Array.IndexOf(PathMethods, method) >= 0)
            {
                return $"{method} (server)";
            }
        }
        return null;
    }
}
