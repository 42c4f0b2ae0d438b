using Microsoft.Extensions.Logging;
using Temporalio.Client;
using Temporalio.Worker;

namespace Fencepost.Benchmarks.Driver;

/// <summary>
/// Runs one benchmark against a Temporal frontend: an in-process worker for the scenario, an optional
/// store calibration, then the load (open or closed loop), a bounded drain, and the report. Every
/// phase ends by itself: the load after warm-up + duration, the drain at its deadline (what is still
/// running then is abandoned and reported as lost).
/// </summary>
public sealed partial class BenchmarkRunner(TemporalClient client, TimeProvider time, ILogger<BenchmarkRunner> logger)
{
    // After the drain deadline, abandoned requests get this long to observe their cancellation.
    private static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(10);

    public async Task<BenchmarkRun> RunAsync(IBenchmarkScenario scenario, LoadDriverOptions options, BenchmarkProbes probes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(probes);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        var runId = $"bench-{time.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
        var calibration = await CalibrateAsync(probes.Calibration, options, cancellationToken).ConfigureAwait(false);

        // An engine in another process has no meters here; a scope no meter carries keeps the
        // listeners from counting anything else this process happens to host.
        var meterScope = probes.ObservesEngine ? probes.MeterScope : new object();
        using var persistence = new PersistenceActivityListener(meterScope);
        using var stages = new StageLatencyListener(meterScope);
        var workerOptions = new TemporalWorkerOptions(runId)
        {
            // Enough pollers that the worker, not the poll loop, is what a high rate measures: every
            // workflow task costs a poller one shard write (started) before it is handed out, so a
            // handful of pollers caps a worker at a few dozen workflow tasks per second.
            MaxConcurrentWorkflowTaskPolls = 32,
            MaxConcurrentActivityTaskPolls = 32,
            MaxConcurrentWorkflowTasks = 200,
            MaxConcurrentActivities = 400,
            // The SDK's guard against non-deterministic calls inside workflow code turns on the TPL
            // event source for the whole process, so every await in the engine hosted beside the
            // worker pays for it (about a fifth of the process's CPU at 200 wf/s). The bench
            // workflows are known to be deterministic; a worker in its own process would keep it.
            DisableWorkflowTracingEventListener = true,
        };
        scenario.Register(workerOptions);
        // The worker gets its own connection: its polls and completions must not share one HTTP/2
        // connection with the driver's thousands of starts and result long polls.
        var workerClient = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(client.Connection.Options.TargetHost!)
        {
            Namespace = client.Options.Namespace,
            ApiKey = client.Connection.Options.ApiKey,
            Tls = client.Connection.Options.Tls,
        }).ConfigureAwait(false);
        // Eager start hands the first workflow task to a worker registered on the starting client's
        // own connection, so eager starts (and their results) go through the worker's connection.
        ITemporalClient starter = options.EagerStart ? workerClient : client;
        using var worker = new TemporalWorker(workerClient, workerOptions);
        using var stopWorker = new CancellationTokenSource();
        var workerRun = worker.ExecuteAsync(stopWorker.Token);

        var tracker = new RunTracker(options.Warmup, options.Duration, options.DrainTimeout);
        var runLength = options.Warmup + options.Duration;
        var startedAt = time.GetUtcNow();
        var runStart = time.GetTimestamp();
        probes.LoadStarted?.Invoke(tracker, runStart);
        LogLoadStarting(logger, runId, scenario.Name, options.Mode, options.Rate, options.Concurrency, options.Warmup.TotalSeconds, options.Duration.TotalSeconds);

        using var abandon = new CancellationTokenSource();
        var windowProbe = MeasureWindowAsync(persistence, stages, probes, runStart, options, cancellationToken);
        using var stopSampling = new CancellationTokenSource();
        var sampling = probes.ObservesEngine ? SampleEverySecondAsync(tracker, persistence, probes.PoolWaits, runStart, stopSampling.Token) : Task.CompletedTask;
        async Task RunOneAsync(long index, TimeSpan intended)
        {
            tracker.Offered(intended);
            var workflowId = $"{runId}-{index}";
            try
            {
                var start = new WorkflowOptions(workflowId, runId)
                {
                    Rpc = new RpcOptions { CancellationToken = abandon.Token },
                    RequestEagerStart = options.EagerStart,
                };
                await scenario.ExecuteAsync(starter, start, () => tracker.Accepted(intended, time.GetElapsedTime(runStart))).ConfigureAwait(false);
                tracker.Completed(intended, time.GetElapsedTime(runStart));
            }
            catch (Exception) when (abandon.IsCancellationRequested)
            {
                // Abandoned at the drain deadline: it stays counted as started and not finished (lost).
            }
#pragma warning disable CA1031 // Any exception of a workflow run is a failed workflow, which the report counts.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                tracker.Failed(intended, time.GetElapsedTime(runStart), ex);
            }
        }

        IReadOnlyList<Task> inFlight = options.Mode == LoadMode.OpenLoop
            ? await new OpenLoopDispatcher(new ArrivalSchedule(options.Rate, options.RampUp), runLength, time)
                .RunAsync(runStart, (index, intended) => Task.Run(() => RunOneAsync(index, intended), CancellationToken.None), cancellationToken)
                .ConfigureAwait(false)
            : new ClosedLoopDispatcher(options.Concurrency, runLength, time).Start(runStart, RunOneAsync, cancellationToken);

        var window = await windowProbe.ConfigureAwait(false);
        await DrainAsync(inFlight, runStart, runLength + options.DrainTimeout, abandon, cancellationToken).ConfigureAwait(false);
        var drainedAt = time.GetElapsedTime(runStart);
        await stopSampling.CancelAsync().ConfigureAwait(false);
        await sampling.ConfigureAwait(false);

        await stopWorker.CancelAsync().ConfigureAwait(false);
        try
        {
            await workerRun.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The worker's normal way of stopping.
        }

        var scenarioLabel = options.EagerStart ? $"{scenario.Name} (eager start)" : scenario.Name;
        var run = BenchmarkRun.Assemble(runId, scenarioLabel, options, startedAt, tracker, window, calibration, drainedAt, MachineLine());
        LogLoadFinished(logger, runId, run.Report.Started, run.Report.Completed, run.Report.Failed, run.Lost);
        return run;
    }

    private static string MachineLine() => CpuModel.Read() is { } model ? $"{MachineDescription.Current()}, {model}" : MachineDescription.Current();

    private async Task<StoreCalibrationResult?> CalibrateAsync(IStoreCalibration? calibration, LoadDriverOptions options, CancellationToken cancellationToken)
    {
        if (calibration is null || options.CalibrationDuration <= TimeSpan.Zero)
        {
            return null;
        }
        var result = await calibration.CalibrateAsync(options.Concurrency, options.CalibrationDuration, cancellationToken).ConfigureAwait(false);
        LogCalibrated(logger, result.Method, result.Concurrency, result.CommitsPerSecond, result.Errors);
        return result;
    }

    /// <summary>Reads the counters when the warm-up ends and when the measured window ends.</summary>
    private async Task<MeasuredWindow> MeasureWindowAsync(PersistenceActivityListener persistence, StageLatencyListener stages, BenchmarkProbes probes, long runStart, LoadDriverOptions options, CancellationToken cancellationToken)
    {
        var poolWaits = probes.PoolWaits;
        await DelayUntilAsync(runStart, options.Warmup, cancellationToken).ConfigureAwait(false);
        var cpu = new ProcessCpuMeter(time);
        // The same share arithmetic as the process's, over the console's own CPU clock.
        var consoleCpu = probes.ConsoleCpu is { } console ? new ProcessCpuMeter(time, () => console.ConsoleCpuTime, Environment.ProcessorCount) : null;
        var persistenceBefore = persistence.Read();
        var waitsBefore = poolWaits?.TotalWaits ?? 0;
        var gcBefore = GcActivity.Current();
        stages.StartMeasuring();
        await DelayUntilAsync(runStart, options.Warmup + options.Duration, cancellationToken).ConfigureAwait(false);
        stages.StopMeasuring();
        return new MeasuredWindow(persistence.Read().Since(persistenceBefore), (poolWaits?.TotalWaits ?? 0) - waitsBefore, cpu.Measure())
        {
            Stages = stages.Read(),
            ConsoleCpuShare = consoleCpu?.Measure(),
            EngineObserved = probes.ObservesEngine,
            Gc = GcActivity.Current().Since(gcBefore),
        };
    }

    /// <summary>Files the engine's conflicts, retries and pool waits second by second, for the run's series.</summary>
    private async Task SampleEverySecondAsync(RunTracker tracker, PersistenceActivityListener persistence, IPoolWaitSource? poolWaits, long runStart, CancellationToken stop)
    {
        var before = persistence.Read();
        var waitsBefore = poolWaits?.TotalWaits ?? 0;
        using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await ticks.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                var now = persistence.Read();
                var waits = poolWaits?.TotalWaits ?? 0;
                // Filed under the second that just ended.
                var at = time.GetElapsedTime(runStart) - TimeSpan.FromMilliseconds(1);
                tracker.EngineSample(at, now.Conflicts - before.Conflicts, now.Retries - before.Retries, poolWaits is null ? null : waits - waitsBefore);
                (before, waitsBefore) = (now, waits);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run ended.
        }
    }

    private async Task DelayUntilAsync(long runStart, TimeSpan offset, CancellationToken cancellationToken)
    {
        var wait = offset - time.GetElapsedTime(runStart);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DrainAsync(IReadOnlyList<Task> inFlight, long runStart, TimeSpan deadline, CancellationTokenSource abandon, CancellationToken cancellationToken)
    {
        var all = Task.WhenAll(inFlight);
        var remaining = deadline - time.GetElapsedTime(runStart);
        try
        {
            await all.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, time, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (TimeoutException)
        {
            LogDrainDeadline(logger, inFlight.Count(t => !t.IsCompleted));
        }
        await abandon.CancelAsync().ConfigureAwait(false);
        try
        {
            await all.WaitAsync(AbandonGrace, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogAbandonIgnored(logger, inFlight.Count(t => !t.IsCompleted), AbandonGrace.TotalSeconds);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Store calibration ({Method}, {Concurrency} writers): {CommitsPerSecond:0} commits/s, {Errors} errors")]
    private static partial void LogCalibrated(ILogger logger, string method, int concurrency, double commitsPerSecond, long errors);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Benchmark {RunId}: {Scenario}, {Mode}, rate {Rate}/s, concurrency {Concurrency}, warm-up {Warmup} s, measured {Duration} s")]
    private static partial void LogLoadStarting(ILogger logger, string runId, string scenario, LoadMode mode, double rate, int concurrency, double warmup, double duration);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Drain deadline passed with {Running} workflow runs unfinished; abandoning them (reported as lost)")]
    private static partial void LogDrainDeadline(ILogger logger, int running);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Running} abandoned workflow runs did not stop within {GraceSeconds} s of cancellation; the report counts them as lost")]
    private static partial void LogAbandonIgnored(ILogger logger, int running, double graceSeconds);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Benchmark {RunId} finished: {Started} started, {Completed} completed, {Failed} failed, {Lost} lost")]
    private static partial void LogLoadFinished(ILogger logger, string runId, long started, long completed, long failed, long lost);
}
