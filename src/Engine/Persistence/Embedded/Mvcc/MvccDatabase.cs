using System.Collections.Concurrent;
using Fencepost.Engine.Persistence.Errors;

namespace Fencepost.Engine.Persistence.Embedded.Mvcc;

/// <summary>
/// An in-memory multi-version database with Aurora DSQL's concurrency semantics: snapshot
/// isolation, optimistic commits validated under a short lock (first committer wins, the loser
/// gets 40001 OC000 and nothing applied), FOR UPDATE reads validated as if written, plain reads and
/// range scans never validated (write skew allowed), DSQL's transaction limits enforced at commit,
/// and an optional injected commit latency. Versions no open snapshot can see are collected.
/// Thread-safe; nothing ever blocks on another transaction's progress.
/// </summary>
public sealed class MvccDatabase
{
    /// <summary>Commits between two garbage collection passes run by the committing thread.</summary>
    private const int CommitsPerCollection = 512;

    private readonly Lock _commitLock = new();
    private readonly Lock _snapshotLock = new();
    private readonly Dictionary<long, int> _openSnapshots = [];
    private readonly ConcurrentDictionary<string, MvccTableBase> _tables = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<IGarbageCollectable> _collectable = new();
    private readonly TimeProvider _timeProvider;
    private readonly Func<TimeSpan> _commitLatency;
    private long _lastCommitted;
    private int _openTransactions;
    private long _commits;
    private long _readOnlyCommits;
    private long _conflicts;
    private long _aborts;
    private long _versionsCollected;
    private long _rowsCollected;
    private int _collecting;

    /// <param name="timeProvider">Clock for transaction age and the commit latency delay.</param>
    /// <param name="commitLatency">Read at every commit that writes: how long the commit takes (zero for none); may change live.</param>
    public MvccDatabase(TimeProvider timeProvider, Func<TimeSpan>? commitLatency = null)
    {
        _timeProvider = timeProvider;
        _commitLatency = commitLatency ?? (() => TimeSpan.Zero);
    }

    /// <summary>Creates (or returns the existing) table <paramref name="name"/>.</summary>
    /// <param name="name">The table's name, used in conflict keys ("{table}:{key}").</param>
    /// <param name="size">What a row costs against the byte and column limits.</param>
    public MvccTable<TKey, TValue> CreateTable<TKey, TValue>(string name, Func<TValue, RowSize> size)
        where TKey : struct, IComparable<TKey>, IEquatable<TKey>
        where TValue : class =>
        (MvccTable<TKey, TValue>)_tables.GetOrAdd(name, n => new MvccTable<TKey, TValue>(n, size));

    /// <summary>Begins a transaction at the newest committed state.</summary>
    public MvccTransaction Begin()
    {
        long snapshot;
        lock (_snapshotLock)
        {
            // Taken under the same lock the collector reads the oldest snapshot under, so a version
            // this snapshot needs cannot be collected between reading the sequence and registering it.
            snapshot = Volatile.Read(ref _lastCommitted);
            _openSnapshots[snapshot] = _openSnapshots.GetValueOrDefault(snapshot) + 1;
            _openTransactions++;
        }
        return new MvccTransaction(this, snapshot, _timeProvider.GetUtcNow());
    }

    public MvccStatistics GetStatistics()
    {
        int open;
        lock (_snapshotLock)
        {
            open = _openTransactions;
        }
        return new MvccStatistics(
            Interlocked.Read(ref _commits),
            Interlocked.Read(ref _readOnlyCommits),
            Interlocked.Read(ref _conflicts),
            Interlocked.Read(ref _aborts),
            Volatile.Read(ref _lastCommitted),
            open,
            Interlocked.Read(ref _versionsCollected),
            Interlocked.Read(ref _rowsCollected));
    }

    /// <summary>
    /// Drops versions no open snapshot can see and removes deleted rows. Runs by itself every few
    /// hundred commits; callable directly (tests, idle periods). Returns the versions dropped.
    /// </summary>
    public long CollectGarbage()
    {
        if (Interlocked.Exchange(ref _collecting, 1) == 1)
        {
            return 0;
        }
        try
        {
            return CollectOnce();
        }
        finally
        {
            Volatile.Write(ref _collecting, 0);
        }
    }

    internal DateTimeOffset Now() => _timeProvider.GetUtcNow();

    internal async Task DelayCommitAsync(CancellationToken cancellationToken)
    {
        var latency = _commitLatency();
        if (latency > TimeSpan.Zero)
        {
            // Outside the commit lock: a slow commit widens the window for conflicts, as a real
            // network round trip does, without serializing other committers behind it.
            await Task.Delay(latency, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // A commit is a round trip on DSQL. Even without injected latency the committer gives up
            // its thread here, so concurrent transactions interleave between snapshot and commit as
            // they do over a network; otherwise a short transaction would almost never conflict.
            await Task.Yield();
        }
    }

    internal void Commit(MvccTransaction transaction)
    {
        var collectable = new List<IGarbageCollectable>();
        long sequence;
        try
        {
            lock (_commitLock)
            {
                foreach (var pending in transaction.Pending)
                {
                    if (pending.FindConflict(transaction.Snapshot) is { } conflictingKey)
                    {
                        Interlocked.Increment(ref _conflicts);
                        throw new OccConflictException(OccConflictException.DataConflictCode,
                            $"Change conflicts with another transaction, please retry: {conflictingKey} changed after this transaction's snapshot")
                        {
                            ConflictingKey = conflictingKey,
                        };
                    }
                }
                sequence = _lastCommitted + 1;
                foreach (var pending in transaction.Pending)
                {
                    pending.Apply(sequence, collectable);
                }
                // Publishing the sequence last makes the whole commit visible to new snapshots at once.
                Volatile.Write(ref _lastCommitted, sequence);
            }
        }
        finally
        {
            EndSnapshot(transaction.Snapshot);
        }
        Interlocked.Increment(ref _commits);
        foreach (var chain in collectable)
        {
            _collectable.Enqueue(chain);
        }
        if (sequence % CommitsPerCollection == 0)
        {
            CollectGarbage();
        }
    }

    internal void EndReadOnly(MvccTransaction transaction)
    {
        EndSnapshot(transaction.Snapshot);
        Interlocked.Increment(ref _readOnlyCommits);
    }

    internal void Abort(MvccTransaction transaction)
    {
        EndSnapshot(transaction.Snapshot);
        if (transaction.HasWritesOrLocks)
        {
            Interlocked.Increment(ref _aborts);
        }
    }

    private void EndSnapshot(long snapshot)
    {
        lock (_snapshotLock)
        {
            var remaining = _openSnapshots[snapshot] - 1;
            if (remaining == 0)
            {
                _openSnapshots.Remove(snapshot);
            }
            else
            {
                _openSnapshots[snapshot] = remaining;
            }
            _openTransactions--;
        }
    }

    private long OldestSnapshot()
    {
        lock (_snapshotLock)
        {
            var oldest = Volatile.Read(ref _lastCommitted);
            foreach (var snapshot in _openSnapshots.Keys)
            {
                oldest = Math.Min(oldest, snapshot);
            }
            return oldest;
        }
    }

    private long CollectOnce()
    {
        var oldest = OldestSnapshot();
        var dead = new List<IGarbageCollectable>();
        var stillWatched = new List<IGarbageCollectable>();
        long dropped = 0;
        var budget = _collectable.Count;
        while (budget-- > 0 && _collectable.TryDequeue(out var chain))
        {
            switch (chain.Trim(oldest, out var droppedHere))
            {
                case GarbageCollectionOutcome.Dead:
                    dead.Add(chain);
                    break;
                case GarbageCollectionOutcome.KeepWatching:
                    stillWatched.Add(chain);
                    break;
                default:
                    chain.MarkDequeued();
                    break;
            }
            dropped += droppedHere;
        }
        if (dead.Count > 0)
        {
            var removed = 0;
            // Under the commit lock so no commit pushes onto a chain while it leaves its table.
            lock (_commitLock)
            {
                foreach (var chain in dead)
                {
                    if (chain.RemoveIfDead(oldest))
                    {
                        removed++;
                    }
                    else
                    {
                        stillWatched.Add(chain);
                    }
                }
            }
            Interlocked.Add(ref _rowsCollected, removed);
        }
        foreach (var chain in stillWatched)
        {
            _collectable.Enqueue(chain);
        }
        Interlocked.Add(ref _versionsCollected, dropped);
        return dropped;
    }
}
