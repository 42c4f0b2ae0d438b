namespace Fencepost.Diagnostics.Benchmark.Driver;

/// <summary>
/// What the driver can read from the system under test besides the workflows themselves. Every part
/// is optional: against a remote server there is nothing to calibrate and no meters to listen to.
/// </summary>
public sealed record BenchmarkProbes
{
    public static BenchmarkProbes None { get; } = new();

    public IStoreCalibration? Calibration { get; init; }

    public IPoolWaitSource? PoolWaits { get; init; }

    /// <summary>The console's own CPU, when the run is started from a console in the same process; null reports no console share.</summary>
    public IConsoleCpuSource? ConsoleCpu { get; init; }

    /// <summary>The scope the host's IMeterFactory stamps on its meters (the factory itself); null counts every engine in the process.</summary>
    public object? MeterScope { get; init; }
}
