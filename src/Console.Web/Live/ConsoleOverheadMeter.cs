namespace Fencepost.ConsoleWeb.Live;

/// <summary>
/// Accumulates the live pages' CPU time, measured per thread around the synchronous parts of each
/// refresh: the read up to its first real wait and each push to a circuit (Blazor renders inline when
/// the circuit is idle). Time spent waiting on the database costs no CPU and is not counted.
/// </summary>
public sealed class ConsoleOverheadMeter : IConsoleOverheadMeter
{
    private readonly Func<TimeSpan> _clock;
    private long _ticks;

    public ConsoleOverheadMeter()
        : this(ThreadCpuClock.Now)
    {
    }

    /// <summary>For tests: a clock of the caller's choosing.</summary>
    public ConsoleOverheadMeter(Func<TimeSpan> clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
    }

    public TimeSpan BusyTime => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    /// <summary>What a benchmark started from the console reports as the console's CPU.</summary>
    public TimeSpan ConsoleCpuTime => BusyTime;

    public TimeSpan ReadClock() => _clock();

    public void AddSince(TimeSpan clockReading)
    {
        var used = _clock() - clockReading;
        if (used > TimeSpan.Zero)
        {
            Interlocked.Add(ref _ticks, used.Ticks);
        }
    }
}
