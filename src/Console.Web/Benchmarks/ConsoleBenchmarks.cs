using System.Diagnostics.Metrics;
using System.Security.Claims;
using Fencepost.Benchmarks.Calibration;
using Fencepost.Benchmarks.Driver;
using Fencepost.Benchmarks.Runs;
using Fencepost.ConsoleWeb.Data;
using Fencepost.ConsoleWeb.Live;
using Fencepost.ConsoleWeb.Security;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.ConsoleWeb.Benchmarks;

/// <summary>
/// Runs the benchmark driver in this process against its own frontend and store, as the headless
/// <c>bench</c> command does against a host of its own. The run belongs to this singleton, not to a
/// page, so it survives navigation; the page reads its progress through the live-source subscription,
/// which polls only while someone watches.
/// </summary>
internal sealed class ConsoleBenchmarks(
    FrontendClient frontend,
    IPersistenceStore store,
    IMeterFactory meters,
    BenchmarkRunFolder folder,
    ConsolePermissions permissions,
    IHostApplicationLifetime lifetime,
    IConsoleOverheadMeter overhead,
    IDynamicConfig config,
    TimeProvider time,
    ILoggerFactory loggers)
    : PolledLiveSource<BenchmarkStatus>(config, time, loggers.CreateLogger<ConsoleBenchmarks>(), overhead), IBenchmarks
{
    private readonly Lock _lock = new();
    private readonly IConsoleOverheadMeter _overhead = overhead;
    private readonly TimeProvider _time = time;
    private readonly ILogger _logger = loggers.CreateLogger<ConsoleBenchmarks>();
    private ActiveRun? _run;

    protected override string Name => "benchmarks";

    public string? WhyCannotStart(ClaimsPrincipal user) =>
        permissions.WhyNotOperate(user) ?? (Volatile.Read(ref _run) is { IsActive: true } ? "A benchmark is running; one runs at a time." : null);

    public IReadOnlyDictionary<string, string> Start(ClaimsPrincipal user, BenchmarkStartRequest request)
    {
        permissions.EnsureCanOperate(user);
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return errors;
        }
        var name = user.Identity?.Name ?? "?";
        ActiveRun run;
        lock (_lock)
        {
            if (_run is { IsActive: true })
            {
                return new Dictionary<string, string> { [""] = "A benchmark is running; one runs at a time." };
            }
            run = new ActiveRun(request, name, _time, lifetime.ApplicationStopping);
            _run = run;
        }
        BenchmarkLog.Started(_logger, name, request.Scenario, request.Rate, request.DurationSeconds);
        _ = Task.Run(() => ExecuteAsync(run));
        _ = RefreshAsync();
        return new Dictionary<string, string>();
    }

    public void Stop(ClaimsPrincipal user)
    {
        permissions.EnsureCanOperate(user);
        if (Volatile.Read(ref _run) is { IsActive: true } run)
        {
            BenchmarkLog.Stopped(_logger, user.Identity?.Name ?? "?");
            run.Stop();
        }
    }

    public Task<IReadOnlyList<StoredBenchmarkRun>> ListRunsAsync(CancellationToken cancellationToken = default) => folder.ListAsync(cancellationToken);

    protected override Task<BenchmarkStatus> ReadAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new BenchmarkStatus(Volatile.Read(ref _run)?.Progress()));

    private async Task ExecuteAsync(ActiveRun run)
    {
        try
        {
            var client = await frontend.GetAsync(run.Token);
            var scenario = BenchmarkScenarios.Create(run.Request.Scenario)
                ?? throw new InvalidOperationException($"Unknown scenario {run.Request.Scenario}.");
            var options = run.Request.ToOptions();
            var probes = new BenchmarkProbes
            {
                Calibration = new StoreCalibrationProbe(store, _time),
                PoolWaits = new StorePoolWaitSource(store),
                MeterScope = meters,
                // The report's "console CPU share": what the live pages cost while the run was measured.
                ConsoleCpu = _overhead,
                LoadStarted = run.Observe,
            };
            var runner = new BenchmarkRunner(client, _time, loggers.CreateLogger<BenchmarkRunner>());
            var result = await runner.RunAsync(scenario, options, probes, run.Token);
            var stored = await folder.SaveAsync(result, CancellationToken.None);
            run.Finish(stored);
            BenchmarkLog.Finished(_logger, stored.RunId);
        }
        catch (OperationCanceledException) when (run.Token.IsCancellationRequested)
        {
            run.Fail(lifetime.ApplicationStopping.IsCancellationRequested ? "Stopped: the console is shutting down." : "Stopped by an operator before it finished; no report.");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            BenchmarkLog.Failed(_logger, ex);
            run.Fail(ex.Message);
        }
        finally
        {
            run.Dispose();
            await RefreshAsync(CancellationToken.None);
        }
    }

    /// <summary>One run's mutable state, read by <see cref="Progress"/> from any thread.</summary>
    private sealed class ActiveRun : IDisposable
    {
        private readonly BenchmarkStartRequest _request;
        private readonly string _startedBy;
        private readonly DateTimeOffset _startedAt;
        private readonly TimeProvider _time;
        private readonly CancellationTokenSource _stop;
        private readonly CancellationToken _token;
        private volatile LiveLoad? _load;
        private volatile StoredBenchmarkRun? _result;
        private volatile string? _error;
        private volatile BenchmarkProgress? _final;

        public ActiveRun(BenchmarkStartRequest request, string startedBy, TimeProvider time, CancellationToken stopping)
        {
            _request = request;
            _startedBy = startedBy;
            _time = time;
            _startedAt = time.GetUtcNow();
            _stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            _token = _stop.Token;
        }

        public BenchmarkStartRequest Request => _request;

        public CancellationToken Token => _token;

        public bool IsActive => _result is null && _error is null;

        /// <summary>The driver began the load: from now on progress is read from its own tracker.</summary>
        public void Observe(RunTracker tracker, long loadStart) => _load = new LiveLoad(tracker, loadStart);

        // An ended run's figures are frozen: its load clock and series stop where the run stopped.
        public void Finish(StoredBenchmarkRun result)
        {
            _result = result;
            _final = Build();
        }

        public void Fail(string error)
        {
            _error = error;
            _final = Build();
        }

        public void Stop()
        {
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run ended between the check and the click: nothing left to stop.
            }
        }

        public void Dispose() => _stop.Dispose();

        public BenchmarkProgress Progress() => _final ?? Build();

        private BenchmarkProgress Build()
        {
            var load = _load;
            var elapsed = load is null ? TimeSpan.Zero : _time.GetElapsedTime(load.Start);
            var series = load?.Tracker.Series(elapsed) ?? [];
            var phase = _result is not null ? BenchmarkPhase.Finished
                : _error is not null ? BenchmarkPhase.Failed
                : load is null ? BenchmarkPhase.Calibrating
                : elapsed.TotalSeconds < _request.WarmupSeconds + _request.DurationSeconds ? BenchmarkPhase.Running
                : BenchmarkPhase.Draining;
            return new BenchmarkProgress
            {
                Request = _request,
                StartedBy = _startedBy,
                StartedAt = _startedAt,
                Phase = phase,
                LoadSeconds = elapsed.TotalSeconds,
                Series = series,
                Offered = series.Sum(s => s.Offered),
                Completed = series.Sum(s => s.Completed),
                Failed = series.Sum(s => s.Failed),
                InFlight = series.Count > 0 ? series[^1].Backlog : 0,
                Latency = load?.Tracker.EndToEnd.Summarize(_startedAt, _startedAt + elapsed),
                Result = _result,
                Error = _error,
            };
        }

        private sealed record LiveLoad(RunTracker Tracker, long Start);
    }
}
