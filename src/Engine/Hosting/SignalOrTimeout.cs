namespace Fencepost.Engine.Hosting;

/// <summary>
/// Waits for a signal or a timeout, whichever comes first, and releases the timeout's timer as
/// soon as either happens. A bare <c>Task.WhenAny(signal, Task.Delay(timeout))</c> leaves its timer
/// armed until it expires: a long poll that wakes on every change of a run would pile up one
/// timer per wake-up for its whole hold (about 60 s), thousands at a few hundred workflows/s.
/// Timeouts of any length are waited for in <see cref="TimerSlices"/>.
/// </summary>
internal static class SignalOrTimeout
{
    /// <summary>
    /// True when <paramref name="signal"/> completed first, false when <paramref name="timeout"/>
    /// passed or <paramref name="cancellationToken"/> was cancelled (callers check the token).
    /// </summary>
    public static async Task<bool> WaitAsync(Task signal, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            if (signal.IsCompleted)
            {
                return true;
            }
            var remaining = timeout - time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero || cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var elapsed = Task.Delay(TimerSlices.Cap(remaining), time, stopTimer.Token);
            var first = await Task.WhenAny(signal, elapsed).ConfigureAwait(false);
            // Cancelling the delay disposes its timer now rather than when it would have fired.
            await stopTimer.CancelAsync().ConfigureAwait(false);
            if (first == signal)
            {
                return true;
            }
        }
    }
}
