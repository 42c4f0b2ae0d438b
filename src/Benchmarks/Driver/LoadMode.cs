namespace Fencepost.Benchmarks.Driver;

/// <summary>How the driver offers load.</summary>
public enum LoadMode
{
    /// <summary>Starts at a target rate whatever the system does (saturation shows as latency and backlog).</summary>
    OpenLoop,

    /// <summary>A fixed number of workflows in flight; each completion starts the next (measures capacity, hides queueing).</summary>
    ClosedLoop,
}
