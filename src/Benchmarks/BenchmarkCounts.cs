using Fencepost.Diagnostics.Latency;

namespace Fencepost.Benchmarks;

/// <summary>What a benchmark run counted, before any arithmetic: the input of <see cref="BenchmarkReport.From"/>.</summary>
public sealed record BenchmarkCounts
{
    public required string Scenario { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required TimeSpan Duration { get; init; }

    public required double OfferedRate { get; init; }

    public required long Started { get; init; }

    public required long Completed { get; init; }

    public required long Failed { get; init; }

    /// <summary>End-to-end latency of completed workflows; null when none completed.</summary>
    public LatencySummary? EndToEnd { get; init; }

    /// <summary>False when the engine ran in another process: its transactions, conflicts, retries and pool waits were not observed.</summary>
    public bool EngineObserved { get; init; } = true;

    /// <summary>Persistence transactions committed during the run.</summary>
    public long Transactions { get; init; }

    public long Conflicts { get; init; }

    public long Retries { get; init; }

    public long PoolWaits { get; init; }

    /// <summary>Share (0..1) of the machine's CPU the console used during the run, when it was measured.</summary>
    public double? ConsoleCpuShare { get; init; }

    /// <summary>Single-row commits per second the database did in a calibration run on the same machine, same session.</summary>
    public double? CalibratedCommitsPerSecond { get; init; }

    public string Machine { get; init; } = MachineDescription.Current();
}
