using System.Text.Json;
using Fencepost.Diagnostics.Latency;

namespace Fencepost.Benchmarks.Tests;

public class BenchmarkReportTests
{
    private static readonly DateTimeOffset RunStart = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static BenchmarkCounts Counts(long started = 41_100, long completed = 41_052, long failed = 8) => new()
    {
        Scenario = "steady-150",
        StartedAt = RunStart,
        Duration = TimeSpan.FromSeconds(300),
        OfferedRate = 150,
        Started = started,
        Completed = completed,
        Failed = failed,
        EndToEnd = new LatencySummary(RunStart, RunStart.AddMinutes(5), completed, 197_000, 220_000, 259_000, 594_000, 201_000),
        Transactions = 410_520,
        Conflicts = 120,
        Retries = 118,
        PoolWaits = 3,
        ConsoleCpuShare = 0.021,
        CalibratedCommitsPerSecond = 3_400,
        Machine = "test machine",
    };

    [Fact]
    public void From_RawCounts_StartedIsCompletedPlusFailedPlusStillRunning()
    {
        var report = BenchmarkReport.From(Counts());

        Assert.Equal(40, report.StillRunning);
        Assert.Equal(report.Started, report.Completed + report.Failed + report.StillRunning);
    }

    [Fact]
    public void From_RawCounts_ComputesRatesAndRatios()
    {
        var report = BenchmarkReport.From(Counts());

        Assert.Equal(41_052 / 300.0, report.ActualRate, 9);
        Assert.Equal(10.0, report.TransactionsPerWorkflow!.Value, 9);
        Assert.Equal(410_520 / 300.0 / 3_400, report.EngineToCalibrationRatio!.Value, 9);
        Assert.Equal(197, report.P50Ms);
        Assert.Equal(220, report.P95Ms);
        Assert.Equal(259, report.P99Ms);
        Assert.Equal(594, report.MaxMs);
        Assert.Equal(300, report.DurationSeconds);
    }

    [Fact]
    public void From_NothingCompleted_LatenciesAndPerWorkflowFiguresAreMissingNotZero()
    {
        var report = BenchmarkReport.From(Counts(started: 10, completed: 0, failed: 0) with { EndToEnd = null, CalibratedCommitsPerSecond = null });

        Assert.Null(report.P50Ms);
        Assert.Null(report.MaxMs);
        Assert.Null(report.TransactionsPerWorkflow);
        Assert.Null(report.EngineToCalibrationRatio);
        Assert.Equal(0, report.ActualRate);
    }

    [Fact]
    public void From_EngineNotObserved_EngineFiguresAreUnknownNotZero()
    {
        var report = BenchmarkReport.From(Counts() with { EngineObserved = false, Transactions = 0, Conflicts = 0, Retries = 0, PoolWaits = 0 });

        Assert.Null(report.TransactionsPerWorkflow);
        Assert.Null(report.EngineToCalibrationRatio);
        Assert.Null(report.Conflicts);
        Assert.Null(report.Retries);
        Assert.Null(report.PoolWaits);
        Assert.Contains("| Conflicts", BenchmarkReportRenderer.ToTable(report), StringComparison.Ordinal);
        Assert.Matches(@"\| Conflicts\s+\| n/a", BenchmarkReportRenderer.ToTable(report));
    }

    [Fact]
    public void From_MoreFinishedThanStarted_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => BenchmarkReport.From(Counts(started: 5, completed: 5, failed: 1)));

        Assert.Contains("than started (5)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_UsesTheContractedCamelCaseNames()
    {
        using var json = JsonDocument.Parse(BenchmarkReport.From(Counts()).ToJson());
        var root = json.RootElement;

        foreach (var name in new[] { "started", "completed", "failed", "actualRate", "p50Ms", "p95Ms", "p99Ms", "maxMs", "transactionsPerWorkflow", "calibratedCommitsPerSecond", "stillRunning", "offeredRate", "scenario", "startedAt", "machine" })
        {
            Assert.True(root.TryGetProperty(name, out _), $"missing JSON property {name}");
        }
        Assert.Equal(41_052, root.GetProperty("completed").GetInt64());
        Assert.Equal(259, root.GetProperty("p99Ms").GetDouble());
    }

    [Fact]
    public void FromJson_RoundTrips()
    {
        var report = BenchmarkReport.From(Counts());

        Assert.Equal(report, BenchmarkReport.FromJson(report.ToJson()));
    }

    [Fact]
    public void ToTable_ShowsHeadlineRowsAlignedAndMissingAsNa()
    {
        var report = BenchmarkReport.From(Counts());
        var empty = BenchmarkReport.From(Counts(started: 1, completed: 0, failed: 0) with { EndToEnd = null });

        var table = BenchmarkReportRenderer.ToTable(report);
        var lines = table.TrimEnd().Split(Environment.NewLine);

        Assert.Contains("| Workflows completed ", table, StringComparison.Ordinal);
        Assert.Contains("41,052 (99.9 %)", table, StringComparison.Ordinal);
        Assert.Contains("136.84 wf/s", table, StringComparison.Ordinal);
        Assert.Contains("259 ms", table, StringComparison.Ordinal);
        Assert.Single(lines.Select(l => l.Length).Distinct());
        Assert.Contains("| P99 latency", BenchmarkReportRenderer.ToTable(empty), StringComparison.Ordinal);
        Assert.Contains(BenchmarkReportRenderer.ToTable(empty).Split(Environment.NewLine), l => l.StartsWith("| P99 latency", StringComparison.Ordinal) && l.Contains("n/a", StringComparison.Ordinal));
    }

    [Fact]
    public void ToCsv_HeaderAndQuotedCells()
    {
        var report = BenchmarkReport.From(Counts()) with { Machine = "Linux, \"big\" box" };

        var lines = BenchmarkReportRenderer.ToCsv([report, report with { P50Ms = null }]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, lines.Length);
        Assert.StartsWith("scenario,startedAt,durationSeconds,offeredRate,started,completed,failed,stillRunning,actualRate,p50Ms", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("steady-150,2026-11-22T12:00:00.0000000+00:00,300,150,41100,41052,8,40,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",\"Linux, \"\"big\"\" box\"", lines[1], StringComparison.Ordinal);
        Assert.Contains(",136.84,,220,", lines[2], StringComparison.Ordinal);
    }
}
