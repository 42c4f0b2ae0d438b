using Fencepost.Diagnostics.Benchmark.Driver;
using Temporalio.Client;
using Temporalio.Worker;

namespace Fencepost.ConsoleWeb.Benchmarking;

/// <summary>
/// Wraps a scenario to watch a run while it happens, through the driver's public scenario contract
/// only: each call the driver makes is an offered start, the start callback an accepted one, the
/// return a completion. The driver registers the worker after calibrating, which marks the load's
/// start. Latency here runs from the moment the driver dispatched the start, which in the open loop is
/// its intended time plus the dispatch lag; the final report's figures come from the driver itself.
/// </summary>
internal sealed class ObservedScenario : IBenchmarkScenario
{
    private readonly IBenchmarkScenario _inner;
    private readonly TimeProvider _time;
    private readonly TimeSpan _warmup;
    private readonly long[] _offered;
    private readonly long[] _started;
    private readonly long[] _completed;
    private readonly long[] _failed;
    private long _loadStart;
    private long _offeredTotal;
    private long _completedTotal;
    private long _failedTotal;
    private long _abandonedTotal;

    public ObservedScenario(IBenchmarkScenario inner, TimeProvider time, LoadDriverOptions options)
    {
        _inner = inner;
        _time = time;
        _warmup = options.Warmup;
        // One slot per second of load and drain, plus the partial last second; later events land in the last slot.
        var seconds = (int)Math.Ceiling((options.Warmup + options.Duration + options.DrainTimeout).TotalSeconds) + 2;
        _offered = new long[seconds];
        _started = new long[seconds];
        _completed = new long[seconds];
        _failed = new long[seconds];
    }

    public string Name => _inner.Name;

    public string Description => _inner.Description;

    /// <summary>True once the driver finished calibrating and set up its worker.</summary>
    public bool LoadStarted => Interlocked.Read(ref _loadStart) != 0;

    public TimeSpan LoadElapsed => LoadStarted ? _time.GetElapsedTime(Interlocked.Read(ref _loadStart)) : TimeSpan.Zero;

    /// <summary>End-to-end latency of workflows dispatched after the warm-up.</summary>
    public LatencyHistogram Latency { get; } = new();

    public long Offered => Interlocked.Read(ref _offeredTotal);

    public long Completed => Interlocked.Read(ref _completedTotal);

    public long Failed => Interlocked.Read(ref _failedTotal);

    public long InFlight => Offered - Completed - Failed - Interlocked.Read(ref _abandonedTotal);

    public void Register(TemporalWorkerOptions worker)
    {
        _inner.Register(worker);
        Interlocked.Exchange(ref _loadStart, _time.GetTimestamp());
    }

    public async Task ExecuteAsync(ITemporalClient client, string workflowId, string taskQueue, Action onStarted, CancellationToken cancellationToken)
    {
        var dispatched = _time.GetTimestamp();
        var offeredAt = LoadElapsed;
        Count(_offered, offeredAt, ref _offeredTotal);
        try
        {
            await _inner.ExecuteAsync(client, workflowId, taskQueue, () =>
            {
                Interlocked.Increment(ref _started[Slot(LoadElapsed)]);
                onStarted();
            }, cancellationToken);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Abandoned at the drain deadline: the driver reports it as lost.
            Interlocked.Increment(ref _abandonedTotal);
            throw;
        }
        catch
        {
            Count(_failed, LoadElapsed, ref _failedTotal);
            throw;
        }
        Count(_completed, LoadElapsed, ref _completedTotal);
        if (offeredAt >= _warmup)
        {
            Latency.Record(_time.GetElapsedTime(dispatched));
        }
    }

    /// <summary>Every whole second of the load so far, including empty ones.</summary>
    public IReadOnlyList<PerSecondSample> Series()
    {
        var seconds = Math.Clamp((int)Math.Ceiling(LoadElapsed.TotalSeconds), 0, _offered.Length);
        return [.. Enumerable.Range(0, seconds).Select(s => new PerSecondSample(
            s,
            Interlocked.Read(ref _offered[s]),
            Interlocked.Read(ref _started[s]),
            Interlocked.Read(ref _completed[s]),
            Interlocked.Read(ref _failed[s])))];
    }

    private void Count(long[] series, TimeSpan at, ref long total)
    {
        Interlocked.Increment(ref series[Slot(at)]);
        Interlocked.Increment(ref total);
    }

    private int Slot(TimeSpan at) => Math.Clamp((int)Math.Floor(at.TotalSeconds), 0, _offered.Length - 1);
}
