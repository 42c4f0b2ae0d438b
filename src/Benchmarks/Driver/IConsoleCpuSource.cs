namespace Fencepost.Benchmarks.Driver;

/// <summary>
/// The CPU time an in-process console has spent on its live pages, so a run started from the console
/// can report the console's share of the machine during the measured window (the Orleans dashboard
/// lesson: a dashboard must not distort the benchmark it watches, so measure it).
/// </summary>
public interface IConsoleCpuSource
{
    /// <summary>Total console CPU time since the process started; only differences are meaningful.</summary>
    TimeSpan ConsoleCpuTime { get; }
}
