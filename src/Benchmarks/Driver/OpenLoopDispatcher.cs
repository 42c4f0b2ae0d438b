namespace Fencepost.Benchmarks.Driver;

/// <summary>
/// Dispatches starts at the times an <see cref="ArrivalSchedule"/> says, never waiting for earlier
/// workflows: a slow system gets the same offered load as a fast one. When the dispatcher itself
/// wakes late it dispatches everything already due at once, with each start's original intended time,
/// so its own lag counts against the latency instead of silently lowering the rate.
/// </summary>
public sealed class OpenLoopDispatcher
{
    private readonly ArrivalSchedule _schedule;
    private readonly TimeSpan _runLength;
    private readonly TimeProvider _time;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;

    public OpenLoopDispatcher(ArrivalSchedule schedule, TimeSpan runLength, TimeProvider time)
        : this(schedule, runLength, time, (wait, ct) => Task.Delay(wait, time, ct))
    {
    }

    /// <summary>For tests: a delay of the caller's choosing (for example one that advances a fake clock).</summary>
    internal OpenLoopDispatcher(ArrivalSchedule schedule, TimeSpan runLength, TimeProvider time, Func<TimeSpan, CancellationToken, Task> delay)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(delay);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(runLength, TimeSpan.Zero);
        _schedule = schedule;
        _runLength = runLength;
        _time = time;
        _delay = delay;
    }

    /// <summary>How many starts a whole run dispatches.</summary>
    public long TotalStarts => _schedule.TotalStarts(_runLength);

    /// <summary>
    /// Calls <paramref name="launch"/> (index, intended offset from <paramref name="runStartTimestamp"/>)
    /// for every start of the run and returns the launched tasks, which the caller drains. The launch
    /// callback must return quickly (start the work, do not await it).
    /// </summary>
    public async Task<IReadOnlyList<Task>> RunAsync(long runStartTimestamp, Func<long, TimeSpan, Task> launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var total = TotalStarts;
        var launched = new List<Task>((int)Math.Min(total, 1_000_000));
        long next = 0;
        while (next < total)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var elapsed = _time.GetElapsedTime(runStartTimestamp);
            var due = _schedule.DueAt(next);
            if (due > elapsed)
            {
                await _delay(due - elapsed, cancellationToken).ConfigureAwait(false);
                continue;
            }
            do
            {
                launched.Add(launch(next, due));
                next++;
                due = next < total ? _schedule.DueAt(next) : TimeSpan.MaxValue;
            }
            while (due <= elapsed);
        }
        return launched;
    }
}
