using Microsoft.Extensions.Time.Testing;

namespace Fencepost.TestUtilities.Time;

/// <summary>
/// Fake time that lets a test wait until the code under test has armed a timer (created one, or
/// changed one, as <see cref="PeriodicTimer.Period"/> does) due after a given time. Advancing the
/// clock before that moment would be lost: the timer would be armed from the later time instead.
/// </summary>
public sealed class TimerWatchingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TimeSpan, int> _armed = [];
    private readonly List<(TimeSpan DueTime, int Times, TaskCompletionSource Reached)> _waiters = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new WatchedTimer(this, base.CreateTimer(callback, state, dueTime, period));
        Armed(dueTime);
        return timer;
    }

    /// <summary>
    /// Completes once timers due after <paramref name="dueTime"/> were armed <paramref name="times"/>
    /// times in all, counted from this provider's creation; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitUntilArmedAsync(TimeSpan dueTime, TimeSpan timeout, int times = 1)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_armed.GetValueOrDefault(dueTime) >= times)
            {
                return;
            }
            _waiters.Add((dueTime, times, reached));
        }
        try
        {
            await reached.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No timer due after {dueTime} was armed {times} time(s) within {timeout}; armed so far: {Describe()}.");
        }
    }

    private void Armed(TimeSpan dueTime)
    {
        List<TaskCompletionSource> reached = [];
        lock (_lock)
        {
            var count = _armed[dueTime] = _armed.GetValueOrDefault(dueTime) + 1;
            foreach (var waiter in _waiters.Where(w => w.DueTime == dueTime && w.Times <= count).ToList())
            {
                _waiters.Remove(waiter);
                reached.Add(waiter.Reached);
            }
        }
        reached.ForEach(r => r.TrySetResult());
    }

    private string Describe()
    {
        lock (_lock)
        {
            return _armed.Count == 0 ? "none" : string.Join(", ", _armed.Select(a => $"{a.Key} x{a.Value}"));
        }
    }

    /// <summary>Forwards to the fake timer and reports every re-arm (a change with a finite due time).</summary>
    private sealed class WatchedTimer(TimerWatchingTimeProvider owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            if (changed && dueTime != Timeout.InfiniteTimeSpan)
            {
                owner.Armed(dueTime);
            }
            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
