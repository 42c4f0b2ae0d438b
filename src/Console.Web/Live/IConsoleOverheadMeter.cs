using Fencepost.Benchmarks.Driver;

namespace Fencepost.ConsoleWeb.Live;

/// <summary>
/// What the console's live pages cost this process: CPU spent reading live sources and pushing the
/// results to the circuits that watch them (which renders the changed parts). Shown on the overview
/// and read by benchmark runs for their "console CPU share".
/// </summary>
public interface IConsoleOverheadMeter : IConsoleCpuSource
{
    /// <summary>Total CPU time measured since the process started.</summary>
    TimeSpan BusyTime { get; }

    /// <summary>
    /// A reading of the calling thread's CPU clock. Take one before a piece of synchronous work and
    /// pass it to <see cref="AddSince"/> after it, on the same thread, before any await.
    /// </summary>
    TimeSpan ReadClock();

    /// <summary>Adds the CPU used on this thread since <paramref name="clockReading"/>.</summary>
    void AddSince(TimeSpan clockReading);
}
