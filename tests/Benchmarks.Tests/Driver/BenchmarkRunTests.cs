using Fencepost.Benchmarks.Driver;

namespace Fencepost.Benchmarks.Tests.Driver;

public class BenchmarkRunTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static LoadDriverOptions Options(LoadMode mode = LoadMode.OpenLoop) => new()
    {
        Mode = mode,
        Rate = 50,
        Concurrency = 4,
        Warmup = TimeSpan.FromSeconds(2),
        RampUp = TimeSpan.FromSeconds(1),
        Duration = TimeSpan.FromSeconds(10),
        DrainTimeout = TimeSpan.FromSeconds(5),
    };

    private static RunTracker TrackerWith(int completed, int failed, int lost)
    {
        var tracker = new RunTracker(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));
        var intended = TimeSpan.FromSeconds(3);
        for (var i = 0; i < completed + failed + lost; i++)
        {
            tracker.Offered(intended);
            tracker.Accepted(intended, intended + TimeSpan.FromMilliseconds(10));
            if (i < completed)
            {
                tracker.Completed(intended, intended + TimeSpan.FromMilliseconds(100));
            }
            else if (i < completed + failed)
            {
                tracker.Failed(intended, intended + TimeSpan.FromMilliseconds(100), new InvalidOperationException("failed"));
            }
        }
        return tracker;
    }

    [Fact]
    public void Assemble_CountsAndWindow_DerivesRatesAndRatios()
    {
        var window = new MeasuredWindow(new PersistenceActivity(1_000, 2, 7, 5, [new OperationActivity("ShardWrite", 1_000, 0.5)]), 3, 0.4);
        var calibration = new StoreCalibrationResult("embedded", 4, TimeSpan.FromSeconds(2), 4_000, 0);

        var run = BenchmarkRun.Assemble("run-1", "simple", Options(), Start, TrackerWith(100, 2, 1), window, calibration, TimeSpan.FromSeconds(17), "test machine");

        Assert.Equal(103, run.Report.Started);
        Assert.Equal(100, run.Report.Completed);
        Assert.Equal(2, run.Report.Failed);
        Assert.Equal(1, run.Report.StillRunning);
        Assert.Equal(1, run.Lost);
        Assert.Equal(10, run.Report.ActualRate, 6);
        Assert.Equal(50, run.Report.OfferedRate);
        Assert.Equal(10, run.Report.TransactionsPerWorkflow!.Value, 6);
        Assert.Equal(2_000, run.Report.CalibratedCommitsPerSecond!.Value, 6);
        // 1,000 transactions in 10 s = 100/s against 2,000 commits/s calibrated.
        Assert.Equal(0.05, run.Report.EngineToCalibrationRatio!.Value, 6);
        Assert.Equal(7, run.Report.Conflicts);
        Assert.Equal(5, run.Report.Retries);
        Assert.Equal(3, run.Report.PoolWaits);
        Assert.Null(run.Report.ConsoleCpuShare);
        Assert.Equal(0.4, run.ProcessCpuShare);
        Assert.InRange(run.Report.P50Ms!.Value, 99, 101);
        Assert.Equal(17, run.Series.Count);
    }

    [Fact]
    public void Assemble_ConsoleMeasuredInTheWindow_ReportCarriesTheConsoleCpuShare()
    {
        var window = new MeasuredWindow(PersistenceActivity.None, 0, 0.4) { ConsoleCpuShare = 0.012 };

        var run = BenchmarkRun.Assemble("run-c", "simple", Options(), Start, TrackerWith(10, 0, 0), window, null, TimeSpan.FromSeconds(12), "m");

        Assert.Equal(0.012, run.Report.ConsoleCpuShare);
        Assert.Contains("\"consoleCpuShare\": 0.012", run.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_ClosedLoop_OfferedRateIsWhatWasStarted()
    {
        var run = BenchmarkRun.Assemble("run-2", "simple", Options(LoadMode.ClosedLoop), Start, TrackerWith(40, 0, 0), MeasuredWindow.Empty, null, TimeSpan.FromSeconds(12), "m");

        Assert.Equal(4, run.Report.OfferedRate, 6);
        Assert.Null(run.Report.CalibratedCommitsPerSecond);
        Assert.Null(run.Report.EngineToCalibrationRatio);
    }

    [Fact]
    public void Assemble_NothingCompleted_LatenciesAreMissingNotZero()
    {
        var run = BenchmarkRun.Assemble("run-3", "simple", Options(), Start, TrackerWith(0, 0, 5), MeasuredWindow.Empty, null, TimeSpan.FromSeconds(12), "m");

        Assert.Null(run.Report.P50Ms);
        Assert.Null(run.Report.P99Ms);
        Assert.Null(run.Report.TransactionsPerWorkflow);
        Assert.Equal(5, run.Lost);
    }

    [Fact]
    public void ToJson_Run_HasTheReportFieldsAndReadsBackAsAReport()
    {
        var run = BenchmarkRun.Assemble("run-4", "signal", Options(), Start, TrackerWith(10, 1, 0), MeasuredWindow.Empty,
            new StoreCalibrationResult("embedded", 4, TimeSpan.FromSeconds(1), 500, 0), TimeSpan.FromSeconds(12), "m");

        var json = run.ToJson();
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var root = document.RootElement;
        foreach (var field in new[] { "started", "completed", "failed", "actualRate", "p50Ms", "p95Ms", "p99Ms", "maxMs", "transactionsPerWorkflow", "calibratedCommitsPerSecond", "lost", "perSecond", "runId" })
        {
            Assert.True(root.TryGetProperty(field, out _), $"The run's JSON lacks \"{field}\".");
        }
        Assert.Equal(500, root.GetProperty("calibratedCommitsPerSecond").GetDouble());
        Assert.Equal(run.Report, BenchmarkReport.FromJson(json));
    }

    [Fact]
    public void ToJson_WindowWithGarbageCollections_CarriesThemAsGc()
    {
        var window = MeasuredWindow.Empty with { Gc = new GcActivity(6, 3, 1, TimeSpan.FromMilliseconds(512.5)) };
        var run = BenchmarkRun.Assemble("run-5", "simple", Options(), Start, TrackerWith(10, 0, 0), window, null, TimeSpan.FromSeconds(12), "m");

        using var document = System.Text.Json.JsonDocument.Parse(run.ToJson());
        var gc = document.RootElement.GetProperty("gc");

        Assert.Equal(window.Gc, run.Gc);
        Assert.Equal((6, 3, 1), (gc.GetProperty("gen0").GetInt32(), gc.GetProperty("gen1").GetInt32(), gc.GetProperty("gen2").GetInt32()));
        Assert.Equal(512.5, gc.GetProperty("pausedMs").GetDouble());
    }
}
