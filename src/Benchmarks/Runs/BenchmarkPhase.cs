namespace Fencepost.Benchmarks.Runs;

/// <summary>Where a console-started run is.</summary>
public enum BenchmarkPhase
{
    /// <summary>Measuring the store's raw commit rate before any load.</summary>
    Calibrating,

    /// <summary>Offering workflows (warm-up, then the measured window).</summary>
    Running,

    /// <summary>The schedule ended; waiting for the stragglers up to the drain deadline.</summary>
    Draining,

    Finished,

    /// <summary>The run stopped with an error before it could report.</summary>
    Failed,
}
