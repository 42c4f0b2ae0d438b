using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Limits;

namespace Fencepost.Engine.Persistence.Embedded.Mvcc;

/// <summary>
/// A snapshot-isolation transaction of the emulator, with DSQL's semantics: reads see the newest
/// version committed at or before <see cref="Snapshot"/> plus this transaction's own buffered
/// writes; writes are buffered until <see cref="CommitAsync"/>; a FOR UPDATE read joins the
/// commit-time conflict check as if written. Nothing ever waits for another transaction.
/// Not thread-safe: one transaction belongs to one caller. Dispose without committing rolls back.
/// </summary>
public sealed class MvccTransaction : IDisposable
{
    private readonly MvccDatabase _database;
    private readonly Dictionary<MvccTableBase, IPendingTableWrites> _pending = [];
    private bool _ended;

    internal MvccTransaction(MvccDatabase database, long snapshot, DateTimeOffset startedAt)
    {
        _database = database;
        Snapshot = snapshot;
        StartedAt = startedAt;
    }

    /// <summary>The commit sequence number this transaction reads at.</summary>
    public long Snapshot { get; }

    public DateTimeOffset StartedAt { get; }

    internal IEnumerable<IPendingTableWrites> Pending => _pending.Values;

    internal bool HasWritesOrLocks => _pending.Count > 0;

    /// <summary>
    /// The row's value as this transaction sees it, or null. With <paramref name="forUpdate"/> the key
    /// joins the commit-time conflict check (SELECT ... FOR UPDATE), whether or not the row exists.
    /// </summary>
    public TValue? Get<TKey, TValue>(MvccTable<TKey, TValue> table, TKey key, bool forUpdate = false)
        where TKey : struct, IComparable<TKey>, IEquatable<TKey>
        where TValue : class
    {
        ThrowIfEnded();
        var pending = PendingFor(table, create: forUpdate);
        if (forUpdate)
        {
            pending!.Locks.Add(key);
        }
        if (pending is not null && pending.Writes.TryGetValue(key, out var own))
        {
            return own;
        }
        return table.Find(key)?.VisibleAt(Snapshot)?.Value;
    }

    /// <summary>Inserts the row unless one is visible; false (and nothing buffered) when it exists.</summary>
    public bool TryInsert<TKey, TValue>(MvccTable<TKey, TValue> table, TKey key, TValue value)
        where TKey : struct, IComparable<TKey>, IEquatable<TKey>
        where TValue : class
    {
        if (Get(table, key) is not null)
        {
            return false;
        }
        Buffer(table, key, value);
        return true;
    }

    /// <summary>Inserts or replaces the row.</summary>
    public void Upsert<TKey, TValue>(MvccTable<TKey, TValue> table, TKey key, TValue value)
        where TKey : struct, IComparable<TKey>, IEquatable<TKey>
        where TValue : class
    {
        ThrowIfEnded();
        Buffer(table, key, value);
    }

    /// <summary>Replaces a visible row; false (and nothing buffered) when there is none.</summary>
    public bool Update<TKey, TValue>(MvccTable<TKey, TValue> table, TKey key, TValue value)
        where TKey : struct, IComparable<TKey>, IEquatable<TKey>
        where TValue : class
    {
        if (Get(table, key) is null)
        {
            return false;
        }
        Buffer(table, key, value);
        return true;
    }

    /// <summary>Deletes a visible row; false when there is none.</summary>
    public bool Delete<TKey, TValue>(MvccTable<TKey, TValue> table, TKey key)
        where TKey : struct, IComparable<TKey>, IEquatable<TKey>
        where TValue : class
    {
        if (Get(table, key) is null)
        {
            return false;
        }
        Buffer(table, key, null);
        return true;
    }

    /// <summary>
    /// Rows in <paramref name="range"/> as this transaction sees them, in key order (or reverse),
    /// at most <paramref name="limit"/>. A plain read: not conflict-checked at commit.
    /// </summary>
    public IReadOnlyList<KeyValuePair<TKey, TValue>> Scan<TKey, TValue>(MvccTable<TKey, TValue> table, KeyRange<TKey> range, int limit = int.MaxValue, bool descending = false)
        where TKey : struct, IComparable<TKey>, IEquatable<TKey>
        where TValue : class
    {
        ThrowIfEnded();
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var result = new List<KeyValuePair<TKey, TValue>>();
        if (limit == 0)
        {
            return result;
        }
        var own = PendingFor(table, create: false)?.Writes.Where(w => range.Contains(w.Key)).ToList();
        if (own is null || own.Count == 0)
        {
            table.ScanCommitted(range, descending, Snapshot, (key, value) =>
            {
                result.Add(new(key, value));
                return result.Count < limit;
            });
            return result;
        }

        // Own writes can hide committed rows (deletes) or add rows: read enough committed rows that
        // `limit` survive the overlay, then merge in key order.
        var merged = new SortedDictionary<TKey, TValue?>();
        var committedLimit = limit == int.MaxValue ? int.MaxValue : limit + own.Count;
        var committedCount = 0;
        table.ScanCommitted(range, descending, Snapshot, (key, value) =>
        {
            merged[key] = value;
            return ++committedCount < committedLimit;
        });
        foreach (var (key, value) in own)
        {
            merged[key] = value;
        }
        var ordered = descending ? merged.Reverse() : merged;
        foreach (var (key, value) in ordered)
        {
            if (value is not null)
            {
                result.Add(new(key, value));
                if (result.Count == limit)
                {
                    break;
                }
            }
        }
        return result;
    }

    /// <summary>
    /// Calls <paramref name="visit"/> with each row of <paramref name="range"/> this transaction sees,
    /// in key order, until it returns false; unlike <see cref="Scan{TKey, TValue}"/> it holds no list of rows.
    /// </summary>
    public void Visit<TKey, TValue>(MvccTable<TKey, TValue> table, KeyRange<TKey> range, Func<TKey, TValue, bool> visit)
        where TKey : struct, IComparable<TKey>, IEquatable<TKey>
        where TValue : class
    {
        ThrowIfEnded();
        ArgumentNullException.ThrowIfNull(visit);
        if (PendingFor(table, create: false) is { Writes.Count: > 0 })
        {
            foreach (var (key, value) in Scan(table, range))
            {
                if (!visit(key, value))
                {
                    return;
                }
            }
            return;
        }
        table.ScanCommitted(range, descending: false, Snapshot, visit);
    }

    /// <summary>How many rows of <paramref name="range"/> this transaction sees.</summary>
    public long Count<TKey, TValue>(MvccTable<TKey, TValue> table, KeyRange<TKey> range)
        where TKey : struct, IComparable<TKey>, IEquatable<TKey>
        where TValue : class
    {
        long count = 0;
        Visit(table, range, (_, _) =>
        {
            count++;
            return true;
        });
        return count;
    }

    /// <summary>
    /// Commits: enforces DSQL's limits (54000, nothing applied), waits the injected commit latency,
    /// then validates and applies atomically. Throws <see cref="OccConflictException"/> (OC000)
    /// when a written or locked row got a newer committed version; then nothing is applied.
    /// </summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfEnded();
        try
        {
            if (!HasWritesOrLocks)
            {
                _ended = true;
                _database.EndReadOnly(this);
                return;
            }
            CheckLimits();
            await _database.DelayCommitAsync(cancellationToken).ConfigureAwait(false);
            _ended = true;
            _database.Commit(this);
        }
        finally
        {
            if (!_ended)
            {
                Rollback();
            }
        }
    }

    /// <summary>Discards the buffered writes.</summary>
    public void Rollback()
    {
        if (_ended)
        {
            return;
        }
        _ended = true;
        _database.Abort(this);
    }

    public void Dispose() => Rollback();

    private void CheckLimits()
    {
        var age = _database.Now() - StartedAt;
        if (age > DsqlLimits.MaxTransactionAge)
        {
            throw new TransactionLimitExceededException("transaction age", (long)age.TotalSeconds, (long)DsqlLimits.MaxTransactionAge.TotalSeconds,
                "The transaction stayed open longer than DSQL allows (seconds shown); keep transactions short.");
        }
        var rows = 0;
        long bytes = 0;
        var largest = new RowSize(0, "", 0);
        foreach (var pending in _pending.Values)
        {
            rows += pending.ModifiedRows;
            var (tableBytes, tableLargest) = pending.MeasureWrites();
            bytes += tableBytes;
            if (tableLargest.LargestColumnBytes > largest.LargestColumnBytes)
            {
                largest = tableLargest;
            }
        }
        if (rows > DsqlLimits.MaxRowsPerTransaction)
        {
            throw new TransactionLimitExceededException("rows per transaction", rows, DsqlLimits.MaxRowsPerTransaction, "Split the work into smaller transactions.");
        }
        if (bytes > DsqlLimits.MaxBytesPerTransaction)
        {
            throw new TransactionLimitExceededException("bytes per transaction", bytes, DsqlLimits.MaxBytesPerTransaction, "Split the work into smaller transactions.");
        }
        if (largest.LargestColumnBytes > DsqlLimits.MaxColumnBytes)
        {
            throw new TransactionLimitExceededException("column size", largest.LargestColumnBytes, DsqlLimits.MaxColumnBytes,
                $"'{largest.LargestColumn}' is too large; split it into smaller values.");
        }
    }

    private void Buffer<TKey, TValue>(MvccTable<TKey, TValue> table, TKey key, TValue? value)
        where TKey : struct, IComparable<TKey>, IEquatable<TKey>
        where TValue : class =>
        PendingFor(table, create: true)!.Writes[key] = value;

    private PendingTableWrites<TKey, TValue>? PendingFor<TKey, TValue>(MvccTable<TKey, TValue> table, bool create)
        where TKey : struct, IComparable<TKey>, IEquatable<TKey>
        where TValue : class
    {
        if (_pending.TryGetValue(table, out var existing))
        {
            return (PendingTableWrites<TKey, TValue>)existing;
        }
        if (!create)
        {
            return null;
        }
        var created = new PendingTableWrites<TKey, TValue>(table);
        _pending.Add(table, created);
        return created;
    }

    private void ThrowIfEnded() =>
        ObjectDisposedException.ThrowIf(_ended, this);
}
