using System.Text.Json;
using System.Text.Json.Nodes;
using Fencepost.Diagnostics.Latency;

namespace Fencepost.Benchmarks.Driver;

/// <summary>
/// A finished run: the operator's <see cref="BenchmarkReport"/> plus what explains it (start latency,
/// lost workflows, failure kinds, the calibration, where the persistence time went, the per-second
/// series). Its JSON is the report's JSON with these as extra top-level properties, so
/// <see cref="BenchmarkReport.FromJson"/> reads a stored run as a report.
/// </summary>
public sealed record BenchmarkRun
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public required string RunId { get; init; }

    public required LoadMode Mode { get; init; }

    public required BenchmarkReport Report { get; init; }

    /// <summary>Measured workflows still running when the drain deadline passed.</summary>
    public required long Lost { get; init; }

    /// <summary>Intended start to the server's acknowledgement of the start.</summary>
    public LatencySummary? StartLatency { get; init; }

    /// <summary>
    /// The whole process's share of the machine's CPU during the measured window: engine, workers,
    /// driver and console together when they share a process.
    /// </summary>
    public double? ProcessCpuShare { get; init; }

    /// <summary>This process's garbage collections during the measured window and the time they paused it.</summary>
    public GcActivity? Gc { get; init; }

    public StoreCalibrationResult? Calibration { get; init; }

    public long FailedTransactions { get; init; }

    public IReadOnlyList<OperationActivity> TransactionsByOperation { get; init; } = [];

    /// <summary>Where a workflow's time went during the measured window, stage by stage (engine in the same process only).</summary>
    public IReadOnlyList<StageLatency> Stages { get; init; } = [];

    public IReadOnlyList<FailureCount> Failures { get; init; } = [];

    public IReadOnlyList<PerSecondSample> Series { get; init; } = [];

    /// <summary>The report arithmetic for one run, from the tracker's counts and what the window measured.</summary>
    public static BenchmarkRun Assemble(
        string runId,
        string scenario,
        LoadDriverOptions options,
        DateTimeOffset startedAt,
        RunTracker tracker,
        MeasuredWindow window,
        StoreCalibrationResult? calibration,
        TimeSpan seriesLength,
        string machine)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(window);
        var totals = tracker.Totals;
        var endOfWindow = startedAt + options.Warmup + options.Duration;
        var counts = new BenchmarkCounts
        {
            Scenario = scenario,
            StartedAt = startedAt,
            Duration = options.Duration,
            // A closed loop offers whatever it manages to start; an open loop offers its schedule.
            OfferedRate = options.Mode == LoadMode.OpenLoop ? options.Rate : totals.Started / options.Duration.TotalSeconds,
            Started = totals.Started,
            Completed = totals.Completed,
            Failed = totals.Failed,
            EndToEnd = tracker.EndToEnd.Summarize(startedAt + options.Warmup, endOfWindow),
            EngineObserved = window.EngineObserved,
            Transactions = window.Persistence.Transactions,
            Conflicts = window.Persistence.Conflicts,
            Retries = window.Persistence.Retries,
            PoolWaits = window.PoolWaits,
            // Measured when a console in this process started the run; the headless bench has none (null).
            ConsoleCpuShare = window.ConsoleCpuShare,
            CalibratedCommitsPerSecond = calibration?.CommitsPerSecond,
            Machine = machine,
        };
        return new BenchmarkRun
        {
            RunId = runId,
            Mode = options.Mode,
            Report = BenchmarkReport.From(counts),
            Lost = totals.Lost,
            StartLatency = tracker.StartLatency.Summarize(startedAt + options.Warmup, endOfWindow),
            ProcessCpuShare = window.ProcessCpuShare,
            Gc = window.Gc,
            Calibration = calibration,
            FailedTransactions = window.Persistence.FailedTransactions,
            TransactionsByOperation = window.Persistence.ByOperation,
            Stages = window.Stages,
            Failures = tracker.Failures,
            Series = tracker.Series(seriesLength),
        };
    }

    /// <summary>The report's JSON with the run's details added as top-level properties.</summary>
    public string ToJson()
    {
        var document = JsonNode.Parse(Report.ToJson())!.AsObject();
        document["runId"] = RunId;
        document["mode"] = Mode == LoadMode.OpenLoop ? "open-loop" : "closed-loop";
        document["lost"] = Lost;
        document["startP50Ms"] = StartLatency?.P50Milliseconds;
        document["startP99Ms"] = StartLatency?.P99Milliseconds;
        document["processCpuShare"] = ProcessCpuShare;
        document["gc"] = Gc is null ? null : new JsonObject
        {
            ["gen0"] = Gc.Gen0,
            ["gen1"] = Gc.Gen1,
            ["gen2"] = Gc.Gen2,
            ["pausedMs"] = Gc.Paused.TotalMilliseconds,
        };
        document["calibration"] = Calibration is null ? null : JsonSerializer.SerializeToNode(Calibration, Json);
        document["failedTransactions"] = FailedTransactions;
        document["transactionsByOperation"] = JsonSerializer.SerializeToNode(TransactionsByOperation, Json);
        document["stages"] = JsonSerializer.SerializeToNode(Stages, Json);
        document["failures"] = JsonSerializer.SerializeToNode(Failures, Json);
        document["perSecond"] = JsonSerializer.SerializeToNode(Series, Json);
        return document.ToJsonString(Json);
    }
}
