namespace Fencepost.Engine.Hosting;

/// <summary>
/// How many request bytes the node may be reading into memory at once, over every connection. The
/// per-request limit (12 MiB) and the per-connection stream limit bound one request and one
/// connection, not many clients at once: 64 concurrent 11 MB starts took a node from 190 MB to
/// 1.1 GB. A request takes its size from the budget before gRPC reads it, and gives it back when
/// its call ends; one that cannot get it within a short wait is answered RESOURCE_EXHAUSTED, which
/// the SDKs retry with backoff, while its body waits unread in the connection's flow-control window.
/// </summary>
public sealed class RequestByteBudget
{
    /// <summary>256 MiB: about twenty requests of the largest size at once.</summary>
    public const long DefaultCapacity = 256L * 1024 * 1024;

    private readonly Lock _lock = new();
    private long _available;
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RequestByteBudget(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        _available = capacity;
    }

    public long Capacity { get; }

    /// <summary>Bytes taken by requests being read or served now.</summary>
    public long InUse
    {
        get
        {
            lock (_lock) return Capacity - _available;
        }
    }

    /// <summary>Takes <paramref name="bytes"/>, waiting up to <paramref name="wait"/> for others to give theirs back; false when they did not in time.</summary>
    public async Task<bool> TryTakeAsync(long bytes, TimeSpan wait, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, Capacity);
        var deadline = timeProvider.GetUtcNow() + wait;
        while (true)
        {
            Task released;
            lock (_lock)
            {
                if (bytes <= _available)
                {
                    _available -= bytes;
                    return true;
                }
                released = _released.Task;
            }
            var remaining = deadline - timeProvider.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }
            await SignalOrTimeout.WaitAsync(released, remaining, timeProvider, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public void Give(long bytes)
    {
        TaskCompletionSource released;
        lock (_lock)
        {
            _available = Math.Min(Capacity, _available + bytes);
            released = _released;
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        released.TrySetResult();
    }
}
