namespace Fencepost.Engine.Persistence.Embedded.Mvcc;

/// <summary>A transaction's buffered writes (null value = delete) and locked keys in one table.</summary>
internal sealed class PendingTableWrites<TKey, TValue>(MvccTable<TKey, TValue> table) : IPendingTableWrites
    where TKey : struct, IComparable<TKey>, IEquatable<TKey>
    where TValue : class
{
    public Dictionary<TKey, TValue?> Writes { get; } = [];

    public HashSet<TKey> Locks { get; } = [];

    public int ModifiedRows => Writes.Count;

    public (long Bytes, RowSize Largest) MeasureWrites()
    {
        long bytes = 0;
        var largest = new RowSize(0, "", 0);
        foreach (var value in Writes.Values)
        {
            if (value is null)
            {
                continue;
            }
            var size = table.SizeOf(value);
            bytes += size.Bytes;
            if (size.LargestColumnBytes > largest.LargestColumnBytes)
            {
                largest = size with { LargestColumn = $"{table.Name}.{size.LargestColumn}" };
            }
        }
        return (bytes, largest);
    }

    public string? FindConflict(long snapshot)
    {
        foreach (var key in Writes.Keys)
        {
            if (ChangedAfter(key, snapshot))
            {
                return $"{table.Name}:{key}";
            }
        }
        foreach (var key in Locks)
        {
            if (ChangedAfter(key, snapshot))
            {
                return $"{table.Name}:{key}";
            }
        }
        return null;
    }

    public void Apply(long sequence, List<IGarbageCollectable> collectable)
    {
        foreach (var (key, value) in Writes)
        {
            var chain = table.GetOrAdd(key);
            if (chain.Push(sequence, value) && chain.TryMarkQueued())
            {
                collectable.Add(chain);
            }
        }
    }

    private bool ChangedAfter(TKey key, long snapshot) => table.Find(key)?.Head is { } head && head.Sequence > snapshot;
}
