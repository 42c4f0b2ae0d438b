using Fencepost.Benchmarks;
using Fencepost.Benchmarks.Driver;
using Fencepost.Benchmarks.Runs;
using Fencepost.Diagnostics.Latency;

namespace Fencepost.ConsoleWeb.Tests.Fakes;

/// <summary>Runs shaped like the driver's: 150 wf/s with p50 197 ms and p95 220 ms (the public DSQL plugin's published run, see docs/benchmarks.md), and a run where nothing completed.</summary>
public static class SampleBenchmarks
{
    public static StoredBenchmarkRun Run(string runId, DateTimeOffset startedAt, double p99Ms, long completed, long failed = 0, double? calibrated = 3400, double? gcPausedMs = null)
    {
        var report = BenchmarkReport.From(new BenchmarkCounts
        {
            Scenario = "simple",
            StartedAt = startedAt,
            Duration = TimeSpan.FromSeconds(60),
            OfferedRate = 150,
            Started = completed + failed,
            Completed = completed,
            Failed = failed,
            EndToEnd = completed == 0 ? null : new LatencySummary(startedAt, startedAt.AddSeconds(60), completed, 197_000, 220_000, (long)(p99Ms * 1000), 594_000, 201_000),
            Transactions = completed * 7,
            Conflicts = 12,
            Retries = 12,
            PoolWaits = 0,
            CalibratedCommitsPerSecond = calibrated,
            Machine = "2 cores, test machine",
        });
        var run = new BenchmarkRun
        {
            RunId = runId,
            Mode = LoadMode.OpenLoop,
            Report = report,
            Lost = 0,
            ProcessCpuShare = 0.62,
            Gc = gcPausedMs is { } paused ? new GcActivity(40, 10, 2, TimeSpan.FromMilliseconds(paused)) : null,
        };
        return StoredBenchmarkRun.TryParse(run.ToJson())!;
    }

    public static BenchmarkProgress Running(DateTimeOffset startedAt) => new()
    {
        Request = new BenchmarkStartRequest { Scenario = "simple", Rate = 50, DurationSeconds = 20, WarmupSeconds = 5 },
        StartedBy = "olga",
        StartedAt = startedAt,
        Phase = BenchmarkPhase.Running,
        LoadSeconds = 3.2,
        Series = [new PerSecondSample(0, 10, 10, 4, 0), new PerSecondSample(1, 30, 29, 25, 0), new PerSecondSample(2, 50, 50, 48, 1)],
        Offered = 90,
        Completed = 77,
        Failed = 1,
        InFlight = 12,
        Latency = new LatencySummary(startedAt, startedAt.AddSeconds(3), 77, 41_000, 88_000, 131_000, 140_000, 45_000),
    };
}
