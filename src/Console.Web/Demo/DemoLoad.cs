using System.Security.Claims;
using Fencepost.ConsoleWeb.Data;
using Fencepost.ConsoleWeb.Security;
using Fencepost.Benchmarks.Driver.Scenarios;
using Temporalio.Client;
using Temporalio.Worker;

namespace Fencepost.ConsoleWeb.Demo;

/// <summary>
/// Runs the demo load with the real Temporal SDK: a worker for the benchmark's simple workflow (one
/// no-op activity) and a loop that starts <see cref="WorkflowsPerSecond"/> of them, each awaited in the
/// background so completions and failures are counted. It stops when switched off, when read-only
/// mode is switched on (a benchmark window must not carry extra load) and when the host stops.
/// </summary>
public sealed class DemoLoad : IDemoLoad, IAsyncDisposable
{
    public const string TaskQueue = "fencepost-demo";
    public const double WorkflowsPerSecond = 5;

    private readonly FrontendClient _frontend;
    private readonly ConsolePermissions _permissions;
    private readonly ReadOnlyMode _readOnly;
    private readonly TimeProvider _time;
    private readonly ILogger<DemoLoad> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Run? _run;
    private DemoLoadStatus _stopped = DemoLoadStatus.Off;

    public DemoLoad(FrontendClient frontend, ConsolePermissions permissions, ReadOnlyMode readOnly, TimeProvider time, ILogger<DemoLoad> logger)
    {
        _frontend = frontend;
        _permissions = permissions;
        _readOnly = readOnly;
        _time = time;
        _logger = logger;
        _readOnly.Changed += OnReadOnlyChanged;
    }

    public event EventHandler? Changed;

    public DemoLoadStatus Status => Volatile.Read(ref _run)?.Status() ?? _stopped;

    public async Task StartAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        _permissions.EnsureCanOperate(user);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_run is not null)
            {
                return;
            }
            var client = await _frontend.GetAsync(cancellationToken);
            var name = user.Identity?.Name ?? "unknown";
            _run = Run.Start(client, name, _time, _logger);
            DemoLoadLog.Started(_logger, name, WorkflowsPerSecond, TaskQueue);
        }
        finally
        {
            _gate.Release();
        }
        Changed?.Invoke(this, EventArgs.Empty);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_run is not { } run)
            {
                return;
            }
            // The caller's token bounds the whole stop (the host's shutdown timeout), not just the gate.
            await run.StopAsync().WaitAsync(cancellationToken);
            run.Dispose();
            _stopped = run.Status() with { Running = false };
            _run = null;
            DemoLoadLog.Stopped(_logger, _stopped.Started, _stopped.Completed, _stopped.Failed, _stopped.Unfinished, _stopped.StartsRefused);
        }
        finally
        {
            _gate.Release();
        }
        Changed?.Invoke(this, EventArgs.Empty);
    }

    public async ValueTask DisposeAsync()
    {
        _readOnly.Changed -= OnReadOnlyChanged;
        await StopAsync();
        _gate.Dispose();
    }

    private void OnReadOnlyChanged(object? sender, EventArgs e)
    {
        if (_readOnly.IsEnabled && _run is not null)
        {
            DemoLoadLog.StoppingForReadOnly(_logger);
            _ = StopAsync();
        }
    }

    /// <summary>The demo runs the benchmark's simple workflow: one activity, then complete.</summary>
    private static readonly SimpleScenario Scenario = new();

    /// <summary>One started demo load: its worker, its starter loop and its counters.</summary>
    private sealed class Run : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly string _startedBy;
        private readonly DateTimeOffset _since;
        private readonly List<Task> _inFlight = [];
        private Task _worker = Task.CompletedTask;
        private Task _starter = Task.CompletedTask;
        private long _started;
        private long _completed;
        private long _failed;
        private long _startsRefused;
        private string? _lastError;

        private Run(string startedBy, DateTimeOffset since)
        {
            _startedBy = startedBy;
            _since = since;
        }

        public static Run Start(ITemporalClient client, string startedBy, TimeProvider time, ILogger logger)
        {
            var run = new Run(startedBy, time.GetUtcNow());
            var options = new TemporalWorkerOptions(TaskQueue);
            Scenario.Register(options);
            run._worker = run.RunWorkerAsync(new TemporalWorker(client, options), logger);
            run._starter = run.StartWorkflowsAsync(client, time, logger);
            return run;
        }

        public DemoLoadStatus Status() => new(true, _since, _startedBy, Interlocked.Read(ref _started), Interlocked.Read(ref _completed),
            Interlocked.Read(ref _failed), Volatile.Read(ref _lastError)) { StartsRefused = Interlocked.Read(ref _startsRefused) };

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _starter;
            Task[] inFlight;
            lock (_inFlight)
            {
                inFlight = [.. _inFlight];
            }
            // Each ends promptly: its start or result poll is cancelled with the same token.
            await Task.WhenAll(inFlight);
            await _worker;
        }

        public void Dispose() => _stop.Dispose();

        private async Task RunWorkerAsync(TemporalWorker worker, ILogger logger)
        {
            using (worker)
            {
                try
                {
                    await worker.ExecuteAsync(_stop.Token);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    // Switched off.
                }
#pragma warning disable CA1031 // The worker's failure is reported on the switch, not thrown into the page.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Volatile.Write(ref _lastError, ex.Message);
                    DemoLoadLog.WorkerFailed(logger, ex);
                }
            }
        }

        private async Task StartWorkflowsAsync(ITemporalClient client, TimeProvider time, ILogger logger)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / WorkflowsPerSecond), time);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    var one = RunOneAsync(client, logger);
                    lock (_inFlight)
                    {
                        _inFlight.RemoveAll(t => t.IsCompleted);
                        _inFlight.Add(one);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Switched off.
            }
        }

        private async Task RunOneAsync(ITemporalClient client, ILogger logger)
        {
            var id = $"demo-{Guid.NewGuid():N}";
            var accepted = false;
            try
            {
                var start = new WorkflowOptions(id, TaskQueue) { Rpc = new RpcOptions { CancellationToken = _stop.Token } };
                await Scenario.ExecuteAsync(client, start, () =>
                {
                    accepted = true;
                    Interlocked.Increment(ref _started);
                });
                Interlocked.Increment(ref _completed);
            }
#pragma warning disable CA1031 // A failed demo workflow is counted and shown, never thrown into the page.
            catch (Exception ex) when (!_stop.IsCancellationRequested)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref accepted ? ref _failed : ref _startsRefused);
                Volatile.Write(ref _lastError, ex.Message);
                DemoLoadLog.WorkflowFailed(logger, ex);
            }
#pragma warning disable CA1031 // Switched off while this one ran: its outcome no longer matters.
            catch (Exception) when (_stop.IsCancellationRequested)
#pragma warning restore CA1031
            {
            }
        }
    }
}
