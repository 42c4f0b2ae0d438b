namespace Fencepost.Engine.Hosting;

/// <summary>
/// When a background loop runs next: at the end of its interval, or sooner when someone asks
/// (requests made while it runs are kept, several count as one).
/// </summary>
internal sealed class LoopWakeUp : IDisposable
{
    private readonly SemaphoreSlim _requested = new(0, 1);

    public void Request()
    {
        try
        {
            _requested.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already requested.
        }
    }

    /// <summary>Returns after <paramref name="interval"/> or at a request; throws when <paramref name="stopping"/> is cancelled.</summary>
    public async Task WaitAsync(TimeSpan interval, TimeProvider time, CancellationToken stopping)
    {
        using var wakeUp = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var elapsed = TimerSlices.DelayAsync(interval, time, wakeUp.Token);
        var requested = _requested.WaitAsync(wakeUp.Token);
        await Task.WhenAny(elapsed, requested).ConfigureAwait(false);
        await wakeUp.CancelAsync().ConfigureAwait(false);
        stopping.ThrowIfCancellationRequested();
    }

    public void Dispose() => _requested.Dispose();
}
