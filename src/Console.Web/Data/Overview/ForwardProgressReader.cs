using Fencepost.ConsoleWeb.Data.Charts;
using Fencepost.ConsoleWeb.Telemetry;
using Fencepost.Diagnostics.Health;
using Fencepost.Diagnostics.Latency;
using Fencepost.Diagnostics.Metrics.Sampling;
using Fencepost.Engine.Introspection;
using Fencepost.Engine.Persistence.Model;

namespace Fencepost.ConsoleWeb.Data.Overview;

/// <summary>
/// Turns the sampled metrics and latency histograms into the verdict's signals and the overview's key
/// numbers. Rates are the mean of the measured seconds of the window; a window with no measured second
/// counts as no activity for the verdict and shows as "no data" on screen.
/// </summary>
public sealed class ForwardProgressReader(MetricsSampler sampler, LatencyRecorder latency, TimeProvider time)
{
    /// <summary>The verdict's window: long enough to smooth a burst, short enough to show a stall within a minute.</summary>
    public static readonly TimeSpan SignalWindow = TimeSpan.FromMinutes(1);

    /// <summary>How much history the sparklines show.</summary>
    public static readonly TimeSpan SparklineWindow = TimeSpan.FromMinutes(5);

    private static readonly Dictionary<string, string> Starts = new() { [ProgressInstruments.RpcMethodTag] = ProgressInstruments.StartMethod };

    private static readonly Dictionary<string, string> ShardWrites = new()
    {
        [ProgressInstruments.OperationTag] = ProgressInstruments.ShardWrite,
        [ProgressInstruments.OutcomeTag] = "ok",
    };

    /// <summary>
    /// Reads the key numbers and the signals. <paramref name="shards"/> are the store's shard rows (for
    /// churn), <paramref name="taskQueues"/> this node's queues (for backlog), both optional.
    /// </summary>
    public (HealthSignals Signals, IReadOnlyList<KeyNumber> KeyNumbers) Read(
        long openWorkflows, IReadOnlyList<ShardInfo> shards, IReadOnlyList<TaskQueueSnapshot> taskQueues)
    {
        var completions = Rate("Workflow completions", ProgressInstruments.WorkflowEndToEnd, null, "Workflows closed per second.");
        var starts = Rate("Workflow starts", ProgressInstruments.Rpc, Starts, "StartWorkflowExecution calls per second.");
        var transitions = Rate("State transitions", ProgressInstruments.Transaction, ShardWrites, "Committed shard writes (each persists a state transition) per second.");
        var conflicts = Rate("OCC conflicts", ProgressInstruments.Conflicts, null, "Commits that lost an optimistic concurrency race, per second.");
        var poolWaits = Rate("Pool waits", ProgressInstruments.PoolWaits, null, "Connection requests that waited for a pooled connection, per second.");
        var persistenceP99 = PersistenceP99();
        var exhausted = Sum(ProgressInstruments.Exhausted);
        var scheduleToStart = ScheduleToStartMax();

        var signals = new HealthSignals
        {
            Window = SignalWindow,
            CompletionsPerSecond = completions.Value ?? 0,
            StartsPerSecond = starts.Value ?? 0,
            StateTransitionsPerSecond = transitions.Value ?? 0,
            ConflictsPerSecond = conflicts.Value ?? 0,
            PoolWaitsPerSecond = poolWaits.Value ?? 0,
            PersistenceP99 = persistenceP99.Value is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            RetriesExhausted = (long)Math.Round(exhausted),
            ShardOwnershipChanges = OwnershipChanges(shards),
            OpenWorkflows = openWorkflows,
            OldestBacklogAge = BacklogAge(taskQueues, scheduleToStart),
        };
        return (signals, [completions, starts, transitions, persistenceP99, conflicts, poolWaits]);
    }

    /// <summary>
    /// Shards whose owner changed inside the window. A row keeps only its latest acquisition, so a shard
    /// that moved twice counts once; range_id 1 is a first acquisition (a fresh cluster), not churn.
    /// </summary>
    private long OwnershipChanges(IReadOnlyList<ShardInfo> shards)
    {
        var from = time.GetUtcNow() - SignalWindow;
        return shards.Count(s => s.Owner.Length > 0 && s.AcquiredAt >= from && s.RangeId > 1);
    }

    /// <summary>
    /// The engine keeps no enqueue time per backlog task, so the age is measured where it is known: the
    /// longest schedule-to-start of the window (what queued tasks waited). When tasks are queued and none
    /// started in the whole window, they have waited at least the window.
    /// </summary>
    private TimeSpan? BacklogAge(IReadOnlyList<TaskQueueSnapshot> taskQueues, TimeSpan? scheduleToStartMax)
    {
        var queued = taskQueues.Any(q => q.BacklogInMemory > 0);
        if (scheduleToStartMax is { } waited)
        {
            return waited;
        }
        return queued ? SignalWindow : null;
    }

    private TimeSpan? ScheduleToStartMax()
    {
        long? max = null;
        foreach (var name in latency.SeriesNames.Where(n => n.StartsWith(LatencySeriesNames.ScheduleToStartPrefix, StringComparison.Ordinal)))
        {
            if (latency.Summarize(name, SignalWindow) is { } summary)
            {
                max = Math.Max(max ?? 0, summary.MaxMicros);
            }
        }
        return max is { } micros ? TimeSpan.FromMicroseconds(micros) : null;
    }

    private KeyNumber Rate(string label, string instrument, IReadOnlyDictionary<string, string>? tags, string explanation)
    {
        var sparkline = Chart(label, "/s", sampler.Series(instrument, SparklineWindow, tags).Points.Select(p => p.Value));
        return new KeyNumber(label, "/s", Tail(sparkline).Mean(), sparkline, explanation);
    }

    private double Sum(string instrument) =>
        sampler.Series(instrument, SignalWindow).Points.Sum(p => p.Value ?? 0);

    private KeyNumber PersistenceP99()
    {
        var sparkline = Chart("Persistence p99", "ms", latency.P99PerSecond(LatencySeriesNames.PersistenceAll, SparklineWindow).Select(p => p.P99Milliseconds));
        var summary = latency.Summarize(LatencySeriesNames.PersistenceAll, SignalWindow);
        return new KeyNumber("Persistence p99", "ms", summary?.P99Milliseconds, sparkline, "99th percentile of whole persistence transactions, retries included.");
    }

    private ChartSeries Chart(string name, string unit, IEnumerable<double?> points)
    {
        var list = points.ToList();
        var from = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds() - list.Count + 1);
        return new ChartSeries(name, unit, from, list);
    }

    private static ChartSeries Tail(ChartSeries series)
    {
        var seconds = (int)SignalWindow.TotalSeconds;
        var skip = Math.Max(0, series.Points.Count - seconds);
        return series with { From = series.From + (ChartSeries.Step * skip), Points = [.. series.Points.Skip(skip)] };
    }
}
