namespace Fencepost.Engine.Persistence.Postgres.Pooling;

/// <summary>
/// Remembers when the newest physical connections were opened (Npgsql calls back on every physical
/// open; it reports no closes). The pool recycles its oldest connections first (lifetime), so the
/// open connections are the newest <c>open</c> ones, and the oldest of those gives the oldest age.
/// </summary>
internal sealed class PhysicalConnectionLog(int capacity, TimeProvider timeProvider)
{
    private readonly Queue<DateTimeOffset> _openedAt = new(capacity + 1);
    private readonly Lock _lock = new();
    private long _openedTotal;

    public long OpenedTotal => Interlocked.Read(ref _openedTotal);

    public void RecordOpen()
    {
        Interlocked.Increment(ref _openedTotal);
        lock (_lock)
        {
            _openedAt.Enqueue(timeProvider.GetUtcNow());
            while (_openedAt.Count > capacity)
            {
                _openedAt.Dequeue();
            }
        }
    }

    public TimeSpan OldestAge(int open, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (open <= 0 || _openedAt.Count == 0)
            {
                return TimeSpan.Zero;
            }
            var oldest = _openedAt.ElementAt(Math.Max(0, _openedAt.Count - open));
            return now - oldest;
        }
    }
}
