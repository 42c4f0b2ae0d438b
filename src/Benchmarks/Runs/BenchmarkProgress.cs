using Fencepost.Benchmarks.Driver;
using Fencepost.Diagnostics.Latency;

namespace Fencepost.Benchmarks.Runs;

/// <summary>
/// One reading of the current (or last) console-started run: its phase, the per-second series so far
/// (offered vs started vs completed), what is in flight, latency percentiles of the measured window so
/// far, and once finished the stored run.
/// </summary>
public sealed record BenchmarkProgress
{
    public required BenchmarkStartRequest Request { get; init; }

    public required string StartedBy { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required BenchmarkPhase Phase { get; init; }

    /// <summary>Seconds since the load began (zero while calibrating).</summary>
    public double LoadSeconds { get; init; }

    public IReadOnlyList<PerSecondSample> Series { get; init; } = [];

    public long Offered { get; init; }

    public long Completed { get; init; }

    public long Failed { get; init; }

    /// <summary>Offered and not yet completed or failed.</summary>
    public long InFlight { get; init; }

    /// <summary>End-to-end latency of measured workflows completed so far; null before the first.</summary>
    public LatencySummary? Latency { get; init; }

    public StoredBenchmarkRun? Result { get; init; }

    public string? Error { get; init; }

    public bool IsActive => Phase is BenchmarkPhase.Calibrating or BenchmarkPhase.Running or BenchmarkPhase.Draining;

    /// <summary>Warm-up plus measured window, in seconds.</summary>
    public int LoadLengthSeconds => Request.WarmupSeconds + Request.DurationSeconds;
}
