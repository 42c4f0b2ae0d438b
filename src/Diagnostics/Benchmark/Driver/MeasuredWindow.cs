namespace Fencepost.Diagnostics.Benchmark.Driver;

/// <summary>What the system did during the measured window (warm-up excluded): persistence work, pool waits, this process's CPU share.</summary>
public sealed record MeasuredWindow(PersistenceActivity Persistence, long PoolWaits, double? ProcessCpuShare)
{
    public static MeasuredWindow Empty { get; } = new(PersistenceActivity.None, 0, null);
}
