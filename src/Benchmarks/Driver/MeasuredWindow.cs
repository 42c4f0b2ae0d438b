namespace Fencepost.Benchmarks.Driver;

/// <summary>What the system did during the measured window (warm-up excluded): persistence work, pool waits, this process's CPU share and GC pauses, stage latencies.</summary>
public sealed record MeasuredWindow(PersistenceActivity Persistence, long PoolWaits, double? ProcessCpuShare)
{
    /// <summary>The in-process console's share of the machine's CPU (0..1), or null when no console was measured.</summary>
    public double? ConsoleCpuShare { get; init; }

    /// <summary>This process's garbage collections in the window and the time they paused it.</summary>
    public GcActivity? Gc { get; init; }

    /// <summary>False when the engine runs in another process, so its persistence work and stages were not seen.</summary>
    public bool EngineObserved { get; init; } = true;

    public static MeasuredWindow Empty { get; } = new(PersistenceActivity.None, 0, null);

    /// <summary>Where a workflow's time went, stage by stage, as the engine measured it.</summary>
    public IReadOnlyList<StageLatency> Stages { get; init; } = [];
}
