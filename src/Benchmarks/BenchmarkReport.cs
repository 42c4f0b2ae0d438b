using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fencepost.Benchmarks;

/// <summary>
/// The result of one benchmark run, in the shape operators read at a glance (started, completed,
/// failed, actual rate, p50/p95/p99/max) plus what explains it (transactions per workflow, conflicts,
/// retries, pool waits, the console's own CPU share, and the database's calibrated commit rate on the
/// same machine). Latencies are null, not zero, when nothing completed.
/// </summary>
public sealed record BenchmarkReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    [JsonPropertyName("scenario")]
    public required string Scenario { get; init; }

    [JsonPropertyName("startedAt")]
    public required DateTimeOffset StartedAt { get; init; }

    [JsonPropertyName("durationSeconds")]
    public required double DurationSeconds { get; init; }

    [JsonPropertyName("offeredRate")]
    public required double OfferedRate { get; init; }

    [JsonPropertyName("started")]
    public required long Started { get; init; }

    [JsonPropertyName("completed")]
    public required long Completed { get; init; }

    [JsonPropertyName("failed")]
    public required long Failed { get; init; }

    [JsonPropertyName("stillRunning")]
    public required long StillRunning { get; init; }

    /// <summary>Completions per second over the run.</summary>
    [JsonPropertyName("actualRate")]
    public required double ActualRate { get; init; }

    [JsonPropertyName("p50Ms")]
    public double? P50Ms { get; init; }

    [JsonPropertyName("p95Ms")]
    public double? P95Ms { get; init; }

    [JsonPropertyName("p99Ms")]
    public double? P99Ms { get; init; }

    [JsonPropertyName("maxMs")]
    public double? MaxMs { get; init; }

    /// <summary>Persistence transactions per completed workflow: what one workflow costs the database.</summary>
    [JsonPropertyName("transactionsPerWorkflow")]
    public double? TransactionsPerWorkflow { get; init; }

    [JsonPropertyName("conflicts")]
    public long? Conflicts { get; init; }

    [JsonPropertyName("retries")]
    public long? Retries { get; init; }

    [JsonPropertyName("poolWaits")]
    public long? PoolWaits { get; init; }

    [JsonPropertyName("consoleCpuShare")]
    public double? ConsoleCpuShare { get; init; }

    [JsonPropertyName("calibratedCommitsPerSecond")]
    public double? CalibratedCommitsPerSecond { get; init; }

    /// <summary>The engine's transactions/s over the calibrated raw commits/s: how much of the database's capacity the engine turned into work.</summary>
    [JsonPropertyName("engineToCalibrationRatio")]
    public double? EngineToCalibrationRatio { get; init; }

    [JsonPropertyName("machine")]
    public required string Machine { get; init; }

    /// <summary>The report arithmetic: still running, rates and ratios from raw counts.</summary>
    public static BenchmarkReport From(BenchmarkCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(counts), "A run must last longer than zero.");
        }
        if (counts.Started < 0 || counts.Completed < 0 || counts.Failed < 0 || counts.Transactions < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(counts), "Counts must not be negative.");
        }
        var stillRunning = counts.Started - counts.Completed - counts.Failed;
        if (stillRunning < 0)
        {
            throw new ArgumentException(
                $"More workflows finished ({counts.Completed} completed + {counts.Failed} failed) than started ({counts.Started}).",
                nameof(counts));
        }
        var seconds = counts.Duration.TotalSeconds;
        var latency = counts.EndToEnd;
        return new BenchmarkReport
        {
            Scenario = counts.Scenario,
            StartedAt = counts.StartedAt,
            DurationSeconds = seconds,
            OfferedRate = counts.OfferedRate,
            Started = counts.Started,
            Completed = counts.Completed,
            Failed = counts.Failed,
            StillRunning = stillRunning,
            ActualRate = counts.Completed / seconds,
            P50Ms = latency?.P50Milliseconds,
            P95Ms = latency?.P95Milliseconds,
            P99Ms = latency?.P99Milliseconds,
            MaxMs = latency?.MaxMilliseconds,
            TransactionsPerWorkflow = counts.EngineObserved && counts.Completed > 0 ? (double)counts.Transactions / counts.Completed : null,
            Conflicts = counts.EngineObserved ? counts.Conflicts : null,
            Retries = counts.EngineObserved ? counts.Retries : null,
            PoolWaits = counts.EngineObserved ? counts.PoolWaits : null,
            ConsoleCpuShare = counts.ConsoleCpuShare,
            CalibratedCommitsPerSecond = counts.CalibratedCommitsPerSecond,
            EngineToCalibrationRatio = counts.EngineObserved && counts.CalibratedCommitsPerSecond is > 0 and var calibrated
                ? counts.Transactions / seconds / calibrated
                : null,
            Machine = counts.Machine,
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static BenchmarkReport FromJson(string json) =>
        JsonSerializer.Deserialize<BenchmarkReport>(json, Json) ?? throw new JsonException("The benchmark report JSON was null.");
}
