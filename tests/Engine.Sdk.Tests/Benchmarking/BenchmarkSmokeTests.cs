using System.Diagnostics.Metrics;
using Fencepost.Benchmarks.Driver;
using Fencepost.Benchmarks.Calibration;
using Fencepost.Engine.Metrics;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Temporalio.Api.Enums.V1;

namespace Fencepost.Engine.Sdk.Tests.Benchmarking;

/// <summary>
/// Short end-to-end runs of the load driver against the engine hosted in-process on the embedded
/// store. They check the accounting, never the speed (the machine's speed is not the test's business).
/// </summary>
public class BenchmarkSmokeTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private static LoadDriverOptions ShortRun(LoadMode mode = LoadMode.OpenLoop) => new()
    {
        Mode = mode,
        Rate = 5,
        Concurrency = 2,
        Warmup = TimeSpan.FromSeconds(1),
        RampUp = TimeSpan.Zero,
        Duration = TimeSpan.FromSeconds(2),
        DrainTimeout = TimeSpan.FromSeconds(60),
        CalibrationDuration = TimeSpan.FromSeconds(1),
    };

    private BenchmarkProbes Probes()
    {
        var store = engine.Services.GetRequiredService<IPersistenceStore>();
        return new BenchmarkProbes
        {
            Calibration = new StoreCalibrationProbe(store, TimeProvider.System),
            PoolWaits = new StorePoolWaitSource(store),
            MeterScope = engine.Services.GetRequiredService<IMeterFactory>(),
        };
    }

    private Task<BenchmarkRun> RunAsync(string scenario, LoadDriverOptions options) =>
        new BenchmarkRunner(engine.Client, TimeProvider.System, NullLogger<BenchmarkRunner>.Instance)
            .RunAsync(BenchmarkScenarios.Create(scenario)!, options, Probes(), CancellationToken.None);

    [Fact]
    public async Task RunAsync_SimpleOpenLoop_EveryStartAccountedForAndSomeComplete()
    {
        var run = await RunAsync("simple", ShortRun());

        var report = run.Report;
        Assert.True(report.Completed > 0, $"No workflow completed: {string.Join("; ", run.Failures.Select(f => f.Kind))}");
        await AssertEveryStartCompletedAsync(run);
        Assert.Equal(run.Lost, report.StillRunning);
        Assert.NotNull(report.P99Ms);
        Assert.NotNull(run.Calibration);
        Assert.True(run.Calibration.Commits > 0, "The calibration committed nothing.");
        Assert.True(report.TransactionsPerWorkflow > 0, "No persistence transaction was counted during the measured window.");
        Assert.Equal(report.Started, run.Series.Sum(s => s.Offered) - run.Series.Take(1).Sum(s => s.Offered));
        Assert.Equal(0, run.Series[^1].Backlog);
        Assert.All(run.Series.Skip(1).SkipLast(1), s => Assert.NotNull(s.Conflicts));
    }

    [Fact]
    public async Task RunAsync_EagerStart_StartsAreServedEagerlyAndTheReportSaysSo()
    {
        long eagerStarts = 0;
        using var listener = EngineMeterListener.Listen<long>(engine.Services, EngineInstruments.MeterName, "fencepost.workflow.eager_started",
            (_, value, _, _) => Interlocked.Add(ref eagerStarts, value));

        var run = await RunAsync("simple", ShortRun() with { EagerStart = true, CalibrationDuration = TimeSpan.Zero });

        // The SDK asks for an eager start only when a worker on the starting client's connection has a free slot.
        Assert.True(Interlocked.Read(ref eagerStarts) > 0, "No start was served eagerly: the driver did not start through the worker's connection.");
        Assert.True(run.Report.Completed > 0, $"No workflow completed: {string.Join("; ", run.Failures.Select(f => f.Kind))}");
        Assert.Equal(0, run.Report.Failed);
        Assert.Equal("simple (eager start)", run.Report.Scenario);
    }

    [Fact]
    public async Task RunAsync_RemoteServer_CountsWorkflowsAndReportsEngineFiguresAsUnknown()
    {
        // The engine happens to share this process, but a remote run must not count any engine's meters.
        var run = await new BenchmarkRunner(engine.Client, TimeProvider.System, NullLogger<BenchmarkRunner>.Instance)
            .RunAsync(BenchmarkScenarios.Create("simple")!, ShortRun(), BenchmarkProbes.Remote, CancellationToken.None);

        var report = run.Report;
        Assert.True(report.Completed > 0, $"No workflow completed: {string.Join("; ", run.Failures.Select(f => f.Kind))}");
        await AssertEveryStartCompletedAsync(run);
        // The warm-up second's starts are not measured.
        Assert.Equal(report.Started, run.Series.Sum(s => s.Offered) - run.Series.Take(1).Sum(s => s.Offered));
        Assert.Null(run.Calibration);
        Assert.Null(report.TransactionsPerWorkflow);
        Assert.Null(report.Conflicts);
        Assert.Null(report.PoolWaits);
        Assert.Empty(run.TransactionsByOperation);
        Assert.Empty(run.Stages);
        Assert.All(run.Series, s => Assert.Null(s.Conflicts));
    }

    [Fact]
    public async Task RunAsync_LiveView_SeesTheTrackerTheReportIsMadeOf()
    {
        RunTracker? live = null;
        var probes = Probes() with { LoadStarted = (tracker, _) => live = tracker };

        var run = await new BenchmarkRunner(engine.Client, TimeProvider.System, NullLogger<BenchmarkRunner>.Instance)
            .RunAsync(BenchmarkScenarios.Create("simple")!, ShortRun() with { CalibrationDuration = TimeSpan.Zero }, probes, CancellationToken.None);

        Assert.NotNull(live);
        Assert.True(run.Report.Completed > 0, "No workflow completed, so the live view's counts prove nothing.");
        Assert.Equal(run.Report.Completed, live.Totals.Completed);
        Assert.Equal(run.Series.Sum(s => s.Completed), live.Series(TimeSpan.FromHours(1)).Sum(s => s.Completed));
    }

    // No warm-up: a closed loop's first workflows (the worker's first tasks) may outlast a short run, and they must be measured.
    [Theory]
    [InlineData("signal")]
    [InlineData("child")]
    [InlineData("fanout")]
    [InlineData("timer")]
    public async Task RunAsync_ClosedLoopScenario_EveryStartAccountedForAndSomeComplete(string scenario)
    {
        var run = await RunAsync(scenario, ShortRun(LoadMode.ClosedLoop) with { Warmup = TimeSpan.Zero, CalibrationDuration = TimeSpan.Zero });

        Assert.True(run.Report.Completed > 0, $"No {scenario} workflow completed: {string.Join("; ", run.Failures.Select(f => f.Kind))}");
        await AssertEveryStartCompletedAsync(run);
        // Without a warm-up every start the driver issued is measured.
        Assert.Equal(run.Series.Sum(s => s.Offered), run.Report.Started);
        Assert.Null(run.Calibration);
    }

    /// <summary>
    /// The report's counts against sources it is not computed from. Lost is the remainder of the
    /// report's own counts, so Started = Completed + Failed + Lost would hold whatever happened;
    /// instead: nothing failed or was lost in the measured window, the engine holds exactly as many
    /// of the run's workflows as the driver issued starts over the whole run (warm-up included), it
    /// closed every one of them as completed, and the driver saw every one of those completions.
    /// </summary>
    private async Task AssertEveryStartCompletedAsync(BenchmarkRun run)
    {
        var failures = string.Join("; ", run.Failures.Select(f => $"{f.Count} x {f.Kind}"));
        Assert.True(run.Report.Failed == 0, $"{run.Report.Failed} workflows failed: {failures}");
        Assert.True(run.Lost == 0, $"{run.Lost} workflows were still running at the drain deadline.");
        Assert.Equal(run.Report.Started, run.Report.Completed);

        var issued = run.Series.Sum(s => s.Offered);
        var engineStatuses = await EngineStatusesAsync(run.RunId);
        Assert.Equal(issued, engineStatuses.Values.Sum());
        Assert.Equal(issued, engineStatuses.GetValueOrDefault(WorkflowExecutionStatus.Completed));
        Assert.Equal(issued, run.Series.Sum(s => s.Completed));
    }

    /// <summary>
    /// The engine's own account of the driver's workflows, by status, from its visibility records
    /// (written in the same transaction as the workflow's state). The driver names them
    /// <c>{runId}-{index}</c>; a scenario's children (<c>{runId}-{index}-child</c>) are not its starts.
    /// </summary>
    private async Task<Dictionary<WorkflowExecutionStatus, long>> EngineStatusesAsync(string runId)
    {
        var prefix = $"{runId}-";
        var statuses = new Dictionary<WorkflowExecutionStatus, long>();
        await foreach (var workflow in engine.Client.ListWorkflowsAsync($"WorkflowId STARTS_WITH '{prefix}'"))
        {
            if (workflow.Id[prefix.Length..].All(char.IsAsciiDigit))
            {
                statuses[workflow.Status] = statuses.GetValueOrDefault(workflow.Status) + 1;
            }
        }
        return statuses;
    }
}
