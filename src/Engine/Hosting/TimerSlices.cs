namespace Fencepost.Engine.Hosting;

/// <summary>
/// .NET timers (Task.Delay, TimeProvider.CreateTimer, CancelAfter, PeriodicTimer) refuse due times
/// beyond uint.MaxValue - 1 ms, about 49.7 days, with ArgumentOutOfRangeException. Durable timers,
/// timeouts and crons can be years away, so every wait on a duration that comes from a request or
/// a stored task waits in slices of at most <see cref="MaxSlice"/> and looks at the clock again
/// after each one (which also follows a clock that jumped).
/// </summary>
internal static class TimerSlices
{
    /// <summary>The longest single timer armed for a long wait.</summary>
    public static readonly TimeSpan MaxSlice = TimeSpan.FromHours(1);

    /// <summary><paramref name="wait"/>, capped at <see cref="MaxSlice"/>.</summary>
    public static TimeSpan Cap(TimeSpan wait) => wait > MaxSlice ? MaxSlice : wait;

    /// <summary>Like Task.Delay, for any length (up to TimeSpan.MaxValue); a negative or zero delay returns at once.</summary>
    public static async Task DelayAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var remaining = delay - time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return;
            }
            await Task.Delay(Cap(remaining), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
