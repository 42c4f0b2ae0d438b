namespace Fencepost.Benchmarks.Driver;

/// <summary>
/// What the driver can read from the system under test besides the workflows themselves. Every part
/// is optional: against a remote server there is nothing to calibrate and no meters to listen to.
/// </summary>
public sealed record BenchmarkProbes
{
    public static BenchmarkProbes None { get; } = new();

    /// <summary>A server in another process: nothing to calibrate, and its meters are out of reach.</summary>
    public static BenchmarkProbes Remote { get; } = new() { ObservesEngine = false };

    /// <summary>False when the engine runs elsewhere: its transactions, conflicts and stages are reported as unknown, not as zero.</summary>
    public bool ObservesEngine { get; init; } = true;

    public IStoreCalibration? Calibration { get; init; }

    public IPoolWaitSource? PoolWaits { get; init; }

    /// <summary>The console's own CPU, when the run is started from a console in the same process; null reports no console share.</summary>
    public IConsoleCpuSource? ConsoleCpu { get; init; }

    /// <summary>The scope the host's IMeterFactory stamps on its meters (the factory itself); null counts every engine in the process.</summary>
    public object? MeterScope { get; init; }

    /// <summary>
    /// Called once the load begins (after calibration) with the run's tracker and the timestamp its
    /// offsets count from, so a live view reads the same counts the report is made of.
    /// </summary>
    public Action<RunTracker, long>? LoadStarted { get; init; }
}
