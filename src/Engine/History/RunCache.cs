namespace Fencepost.Engine.History;

/// <summary>
/// A bounded, least-recently-used cache of runs for one shard. Entries in use are never evicted,
/// so two callers of one run always share the same lock. Only valid while the shard is owned.
/// </summary>
internal sealed class RunCache(int capacity)
{
    private readonly Dictionary<WorkflowKey, RunCacheEntry> _entries = [];
    private readonly LinkedList<RunCacheEntry> _lru = new();
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate) return _entries.Count;
        }
    }

    /// <summary>Takes the run's lock; dispose the lease to release it.</summary>
    public async Task<RunLease> AcquireAsync(WorkflowKey key, CancellationToken cancellationToken)
    {
        RunCacheEntry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                entry = new RunCacheEntry(key);
                _entries.Add(key, entry);
                entry.Node = _lru.AddFirst(entry);
            }
            else
            {
                _lru.Remove(entry.Node!);
                _lru.AddFirst(entry.Node!);
            }
            entry.References++;
            EvictOverflow();
        }
        try
        {
            await entry.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Release(entry, locked: false);
            throw;
        }
        return new RunLease(this, entry);
    }

    internal void Release(RunCacheEntry entry, bool locked)
    {
        if (locked)
        {
            entry.Lock.Release();
        }
        lock (_gate)
        {
            entry.References--;
            EvictOverflow();
        }
    }

    /// <summary>Forgets every run; updates in flight end with <paramref name="updatesAborted"/> (their callers retry elsewhere).</summary>
    public void Clear(Errors.ServiceErrorException updatesAborted)
    {
        List<RunCacheEntry> entries;
        lock (_gate)
        {
            entries = [.. _entries.Values];
            foreach (var entry in entries) entry.Invalidate();
            _entries.Clear();
            _lru.Clear();
        }
        foreach (var entry in entries) entry.Updates.AbortAll(updatesAborted);
    }

    private void EvictOverflow()
    {
        var node = _lru.Last;
        while (_entries.Count > capacity && node is not null)
        {
            var previous = node.Previous;
            if (node.Value.References == 0 && node.Value.Updates.InFlightCount == 0)
            {
                _entries.Remove(node.Value.Key);
                _lru.Remove(node);
            }
            node = previous;
        }
    }
}
