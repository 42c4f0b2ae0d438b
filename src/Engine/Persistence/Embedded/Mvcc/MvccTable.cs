using System.Collections.Concurrent;

namespace Fencepost.Engine.Persistence.Embedded.Mvcc;

/// <summary>
/// A named table of the emulator: rows keyed by <typeparamref name="TKey"/> (whose order is the
/// table's clustered order, so composite keys range-scan by prefix), each row a chain of committed
/// versions. Point reads are lock-free; range scans walk a sorted key index in short chunks under a
/// per-table index lock, so a long scan never holds up commits for long.
/// </summary>
public sealed class MvccTable<TKey, TValue> : MvccTableBase
    where TKey : struct, IComparable<TKey>, IEquatable<TKey>
    where TValue : class
{
    private const int ScanChunk = 256;

    private readonly ConcurrentDictionary<TKey, RowChain<TKey, TValue>> _rows = new();
    private readonly SortedSet<TKey> _order = new();
    private readonly Lock _orderLock = new();
    private readonly Func<TValue, RowSize> _size;

    internal MvccTable(string name, Func<TValue, RowSize> size)
        : base(name) => _size = size;

    /// <summary>Rows in the index, including deleted rows garbage collection has not removed yet.</summary>
    public int PhysicalRowCount => _rows.Count;

    internal RowSize SizeOf(TValue value) => _size(value);

    internal RowChain<TKey, TValue>? Find(TKey key) => _rows.GetValueOrDefault(key);

    /// <summary>The row's chain, created (empty) when absent. Only the committer holding the commit lock calls this.</summary>
    internal RowChain<TKey, TValue> GetOrAdd(TKey key)
    {
        if (_rows.TryGetValue(key, out var chain))
        {
            return chain;
        }
        chain = new RowChain<TKey, TValue>(this, key);
        lock (_orderLock)
        {
            _order.Add(key);
        }
        _rows[key] = chain;
        return chain;
    }

    /// <summary>Drops a dead row. Only garbage collection, holding the commit lock, calls this.</summary>
    internal bool Remove(RowChain<TKey, TValue> chain)
    {
        if (!_rows.TryRemove(new KeyValuePair<TKey, RowChain<TKey, TValue>>(chain.Key, chain)))
        {
            return false;
        }
        lock (_orderLock)
        {
            _order.Remove(chain.Key);
        }
        return true;
    }

    /// <summary>
    /// Calls <paramref name="visit"/> with each row visible at <paramref name="snapshot"/> in
    /// <paramref name="range"/>, in key order (or reverse), until it returns false.
    /// </summary>
    internal void ScanCommitted(KeyRange<TKey> range, bool descending, long snapshot, Func<TKey, TValue, bool> visit)
    {
        var chunk = new List<RowChain<TKey, TValue>>(ScanChunk);
        var cursor = range;
        while (true)
        {
            chunk.Clear();
            FillChunk(cursor, descending, chunk);
            foreach (var chain in chunk)
            {
                if (chain.VisibleAt(snapshot)?.Value is { } value && !visit(chain.Key, value))
                {
                    return;
                }
            }
            if (chunk.Count < ScanChunk)
            {
                return;
            }
            var last = chunk[^1].Key;
            cursor = descending
                ? cursor with { Upper = last, UpperInclusive = false }
                : cursor with { Lower = last, LowerInclusive = false };
        }
    }

    private void FillChunk(KeyRange<TKey> range, bool descending, List<RowChain<TKey, TValue>> chunk)
    {
        lock (_orderLock)
        {
            if (_order.Count == 0)
            {
                return;
            }
            var lower = range.Lower ?? _order.Min;
            var upper = range.Upper ?? _order.Max;
            if (lower.CompareTo(upper) > 0)
            {
                return;
            }
            var view = _order.GetViewBetween(lower, upper);
            foreach (var key in descending ? view.Reverse() : view)
            {
                if (!range.Contains(key))
                {
                    continue;
                }
                if (_rows.TryGetValue(key, out var chain))
                {
                    chunk.Add(chain);
                    if (chunk.Count == ScanChunk)
                    {
                        return;
                    }
                }
            }
        }
    }
}
