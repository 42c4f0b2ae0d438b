namespace Fencepost.Engine.Persistence.Embedded.Mvcc;

/// <summary>
/// Every committed version of one row, newest first. Commits push under the database's commit lock;
/// readers walk the chain without locking (the head is published with a volatile write).
/// </summary>
internal sealed class RowChain<TKey, TValue>(MvccTable<TKey, TValue> table, TKey key) : IGarbageCollectable
    where TKey : struct, IComparable<TKey>, IEquatable<TKey>
    where TValue : class
{
    private RowVersion<TValue>? _head;
    private int _queuedForCollection;

    public TKey Key { get; } = key;

    public RowVersion<TValue>? Head => Volatile.Read(ref _head);

    /// <summary>The newest version committed at or before <paramref name="snapshot"/>, or null when there is none.</summary>
    public RowVersion<TValue>? VisibleAt(long snapshot)
    {
        for (var version = Head; version is not null; version = version.Older)
        {
            if (version.Sequence <= snapshot)
            {
                return version;
            }
        }
        return null;
    }

    /// <summary>Installs a new head. Only the committer holding the commit lock calls this.</summary>
    /// <returns>True when the chain now holds versions garbage collection should look at.</returns>
    public bool Push(long sequence, TValue? value)
    {
        var previous = _head;
        Volatile.Write(ref _head, new RowVersion<TValue>(sequence, value, previous));
        return previous is not null || value is null;
    }

    /// <summary>Claims the right to queue this chain for collection, so it sits in the queue at most once.</summary>
    public bool TryMarkQueued() => Interlocked.Exchange(ref _queuedForCollection, 1) == 0;

    public void MarkDequeued() => Volatile.Write(ref _queuedForCollection, 0);

    public GarbageCollectionOutcome Trim(long oldestSnapshot, out int droppedVersions)
    {
        droppedVersions = 0;
        var head = Head;
        if (head is null)
        {
            return GarbageCollectionOutcome.Done;
        }
        var keep = VisibleAt(oldestSnapshot);
        if (keep is null)
        {
            // Every version is newer than the oldest snapshot; that snapshot sees no row here.
            return GarbageCollectionOutcome.KeepWatching;
        }
        for (var dropped = keep.Older; dropped is not null; dropped = dropped.Older)
        {
            droppedVersions++;
        }
        keep.ForgetOlder();
        if (!ReferenceEquals(keep, head))
        {
            return GarbageCollectionOutcome.KeepWatching;
        }
        return head.Value is null ? GarbageCollectionOutcome.Dead : GarbageCollectionOutcome.Done;
    }

    public bool RemoveIfDead(long oldestSnapshot)
    {
        var head = Head;
        if (head is null || head.Value is not null || head.Older is not null || head.Sequence > oldestSnapshot)
        {
            return false;
        }
        return table.Remove(this);
    }
}
