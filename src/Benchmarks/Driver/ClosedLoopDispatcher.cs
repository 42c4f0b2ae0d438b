namespace Fencepost.Benchmarks.Driver;

/// <summary>
/// Keeps <see cref="Concurrency"/> workflows in flight: each slot starts the next workflow as soon as
/// its previous one finished, until the run length has passed. Measures capacity; by construction it
/// slows down with the system, so its latencies are not comparable with an open-loop run's.
/// </summary>
public sealed class ClosedLoopDispatcher
{
    private readonly TimeSpan _runLength;
    private readonly TimeProvider _time;
    private long _next;

    public ClosedLoopDispatcher(int concurrency, TimeSpan runLength, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(runLength, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        Concurrency = concurrency;
        _runLength = runLength;
        _time = time;
    }

    public int Concurrency { get; }

    /// <summary>
    /// Runs the slots; <paramref name="run"/> (index, intended offset) must record its own outcome and
    /// not throw. Returns the slot tasks, which end once the run length has passed and their last
    /// workflow finished; the caller bounds that wait with its drain deadline.
    /// </summary>
    public IReadOnlyList<Task> Start(long runStartTimestamp, Func<long, TimeSpan, Task> run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return [.. Enumerable.Range(0, Concurrency).Select(_ => RunSlotAsync(runStartTimestamp, run, cancellationToken))];
    }

    private async Task RunSlotAsync(long runStartTimestamp, Func<long, TimeSpan, Task> run, CancellationToken cancellationToken)
    {
        // Leave the caller's thread at once so Start returns with every slot running.
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = _time.GetElapsedTime(runStartTimestamp);
            if (now >= _runLength)
            {
                return;
            }
            await run(Interlocked.Increment(ref _next) - 1, now).ConfigureAwait(false);
        }
    }
}
