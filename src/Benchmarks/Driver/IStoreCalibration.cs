namespace Fencepost.Benchmarks.Driver;

/// <summary>
/// Measures what the store under the engine can commit on this machine right now, so a throughput
/// figure comes with the ceiling it was reached under. Implemented next to the engine (Diagnostics
/// does not reference it).
/// </summary>
public interface IStoreCalibration
{
    /// <summary>Runs <paramref name="concurrency"/> writers of single-row commits for <paramref name="duration"/>.</summary>
    Task<StoreCalibrationResult> CalibrateAsync(int concurrency, TimeSpan duration, CancellationToken cancellationToken);
}
