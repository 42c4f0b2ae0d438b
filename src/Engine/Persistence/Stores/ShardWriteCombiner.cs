using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Limits;
using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Stores;

/// <summary>
/// Commits the shard writes of different shards that wait at the same time in one transaction.
/// Every shard's writer already merges what queued behind its own write; a node owning several
/// shards still issued one transaction per shard, and on a store whose cost is per commit (CPU and
/// an fsync on PostgreSQL, a billed commit on DSQL) that made more shards slower, not faster. Here
/// at most <c>maxInFlight</c> transactions run at once and each carries every waiting shard's
/// write, so the store sees about as many commits as with one shard while shards still move
/// between hosts on their own.
/// <para>
/// A shard writer that hands over a <em>bind</em> callback (<see cref="WriteWhenReadyAsync"/>)
/// instead of a finished request has its batch taken only when the transaction that carries it
/// starts, so the writes that reach the shard while it waits for a free transaction still go into
/// it, as they would with one shard and one writer. A shard whose write has just committed hears
/// so before the next transaction is formed, so it can queue its next write in time to join.
/// </para>
/// <para>
/// Nothing about one shard changes: each request is still applied whole, its own fence and
/// conditions are checked inside the transaction, and one shard never has two writes in flight or
/// in one transaction, so its writes still commit in the order they were issued. When a combined
/// transaction fails with a persistence error that names one request (a fence lost, a condition
/// failed), nothing of it committed, so each request is written again on its own and gets its own
/// answer, exactly as if it had never been combined. When its outcome is unknown (the connection
/// broke during COMMIT) nothing is written again: every request in it gets that answer.
/// </para>
/// </summary>
internal sealed class ShardWriteCombiner : IDisposable
{
    private readonly Func<IReadOnlyList<ShardWriteRequest>, CancellationToken, Task> _writeTogether;
    private readonly Func<ShardWriteRequest, CancellationToken, Task> _writeAlone;
    private readonly Func<ShardWriteRequest, CancellationToken, Task> _writeOversized;
    private readonly int _maxInFlight;
    private readonly Action<int>? _recordShardsPerTransaction;
    private readonly Lock _lock = new();
    private readonly List<QueuedShardWrite> _queue = [];
    private readonly HashSet<int> _shardsInFlight = [];
    private readonly CancellationTokenSource _lifetime = new();
    private int _inFlight;

    /// <param name="writeTogether">Applies several shards' requests in one transaction (all or nothing).</param>
    /// <param name="writeAlone">Applies one request that fits one transaction in its own transaction.</param>
    /// <param name="writeOversized">Applies one request whose history alone is over a transaction's budget (written ahead).</param>
    /// <param name="maxInFlight">How many transactions may run at once.</param>
    /// <param name="recordShardsPerTransaction">Told how many shards each transaction carries, as it starts.</param>
    public ShardWriteCombiner(
        Func<IReadOnlyList<ShardWriteRequest>, CancellationToken, Task> writeTogether,
        Func<ShardWriteRequest, CancellationToken, Task> writeAlone,
        Func<ShardWriteRequest, CancellationToken, Task> writeOversized,
        int maxInFlight,
        Action<int>? recordShardsPerTransaction = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        _writeTogether = writeTogether;
        _writeAlone = writeAlone;
        _writeOversized = writeOversized;
        _maxInFlight = maxInFlight;
        _recordShardsPerTransaction = recordShardsPerTransaction;
    }

    /// <summary>Completes when <paramref name="request"/> has committed, or fails with its own error.</summary>
    public Task WriteAsync(ShardWriteRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var queued = new QueuedShardWrite(request.ShardId, () => request, cancellationToken);
        if (queued.TryBind())
        {
            return Enqueue(queued);
        }
        queued.Publish();
        return queued.Completion.Task;
    }

    /// <summary>
    /// Completes when the request <paramref name="bind"/> returns has committed, or fails with its
    /// own error. <paramref name="bind"/> is called once, on the thread that starts the transaction,
    /// right before it starts (never when cancelled first); an exception it throws is this write's.
    /// </summary>
    public Task WriteWhenReadyAsync(int shardId, Func<ShardWriteRequest> bind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bind);
        return Enqueue(new QueuedShardWrite(shardId, bind, cancellationToken));
    }

    /// <summary>Cancels combined transactions still running (the store is closing); not disposed, as they may still read its token.</summary>
    public void Dispose() => _lifetime.Cancel();

    private Task Enqueue(QueuedShardWrite queued)
    {
        List<QueuedShardWrite>? ready;
        List<QueuedShardWrite>? dropped = null;
        lock (_lock)
        {
            _queue.Add(queued);
            ready = TakeBatchLocked(ref dropped);
        }
        Start(ready, dropped);
        return queued.Completion.Task.WaitAsync(queued.CancellationToken);
    }

    /// <summary>
    /// Starts the transaction on the calling thread, outside the lock: it runs only until its first
    /// I/O, which the caller (a shard writer, or a finished transaction) would await anyway, so a
    /// thread-pool hop per shard write buys nothing. RunAsync never throws.
    /// </summary>
    private void Start(List<QueuedShardWrite>? batch, List<QueuedShardWrite>? dropped)
    {
        foreach (var queued in dropped ?? []) queued.Publish();
        if (batch is not null)
        {
            _ = RunAsync(batch);
        }
    }

    private async Task RunAsync(List<QueuedShardWrite> batch)
    {
        try
        {
            var bound = batch.FindAll(queued => queued.IsBound || queued.TryBind());
            await Task.WhenAll(PackTransactions(bound).Select(RunTransactionAsync)).ConfigureAwait(false);
        }
        finally
        {
            // Writers hear their outcome before the next transaction is formed: a shard writer
            // continues inline (the completions do not force a thread hop) and queues its next
            // write, which is then still passed over as in flight but taken into the very next
            // transaction below instead of missing it.
            foreach (var queued in batch) queued.Publish();
            List<QueuedShardWrite>? ready;
            List<QueuedShardWrite>? dropped = null;
            lock (_lock)
            {
                _inFlight--;
                foreach (var queued in batch) _shardsInFlight.Remove(queued.ShardId);
                ready = TakeBatchLocked(ref dropped);
            }
            Start(ready, dropped);
        }
    }

    /// <summary>
    /// Splits the bound writes of one turn into transactions within DSQL's budget (a bound batch's
    /// size is known only now); oversized ones go alone. The extra transactions of a rare split run
    /// beside the first rather than waiting for a turn of their own.
    /// </summary>
    private static List<List<QueuedShardWrite>> PackTransactions(List<QueuedShardWrite> bound)
    {
        var transactions = new List<List<QueuedShardWrite>>();
        List<QueuedShardWrite>? current = null;
        var rows = 0;
        long bytes = 0;
        foreach (var queued in bound)
        {
            if (queued.Oversized)
            {
                transactions.Add([queued]);
                continue;
            }
            if (current is null || rows + queued.Rows > DsqlLimits.MaxRowsPerTransaction || bytes + queued.Bytes > DsqlLimits.MaxBytesPerTransaction)
            {
                current = [];
                transactions.Add(current);
                rows = 0;
                bytes = 0;
            }
            current.Add(queued);
            rows += queued.Rows;
            bytes += queued.Bytes;
        }
        return transactions;
    }

    private async Task RunTransactionAsync(List<QueuedShardWrite> transaction)
    {
        _recordShardsPerTransaction?.Invoke(transaction.Count);
        if (transaction.Count == 1)
        {
            await WriteAloneAsync(transaction[0]).ConfigureAwait(false);
            return;
        }
        try
        {
            await _writeTogether(transaction.ConvertAll(q => q.Request), _lifetime.Token).ConfigureAwait(false);
            foreach (var queued in transaction) queued.Succeeded();
        }
        catch (PersistenceException ex) when (ex.ErrorClass is PersistenceErrorClass.OutcomeUnknown or PersistenceErrorClass.Unavailable)
        {
            // The transaction may have committed (outcome unknown): written again alone, each
            // request would fail its own conditions and report "not committed" when it did. Or the
            // store cannot be reached at all, which a request alone would find too. Either way every
            // shard in it hears the same answer; an unknown outcome makes each writer reload.
            foreach (var queued in transaction) queued.Failed(ex);
        }
        catch (PersistenceException)
        {
            // Which request failed, and whether the others would have committed, only their own
            // transactions can say; the shards are distinct, so they may run side by side.
            await Task.WhenAll(transaction.ConvertAll(WriteAloneAsync)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var queued in transaction) queued.Failed(ex);
        }
    }

    private async Task WriteAloneAsync(QueuedShardWrite queued)
    {
        try
        {
            var write = queued.Oversized ? _writeOversized : _writeAlone;
            await write(queued.Request, queued.CancellationToken).ConfigureAwait(false);
            queued.Succeeded();
        }
        catch (Exception ex)
        {
            queued.Failed(ex);
        }
    }

    /// <summary>
    /// Forms the next turn when fewer than the maximum run: in arrival order, the first waiting
    /// write of every shard that has nothing in flight. Every such shard is taken, so a second pass
    /// could only find shards now in flight; DSQL's budget is applied once the writes are bound
    /// (<see cref="PackTransactions"/>), as an unbound write's size is not known before.
    /// </summary>
    private List<QueuedShardWrite>? TakeBatchLocked(ref List<QueuedShardWrite>? dropped)
    {
        if (_inFlight >= _maxInFlight || _queue.Count == 0)
        {
            return null;
        }
        var batch = new List<QueuedShardWrite>();
        var seen = new HashSet<int>();
        for (var i = 0; i < _queue.Count; i++)
        {
            var queued = _queue[i];
            if (queued.CancellationToken.IsCancellationRequested)
            {
                // Its caller has given up (the shard is being let go): never bind or start it.
                _queue.RemoveAt(i--);
                queued.Cancelled();
                (dropped ??= []).Add(queued);
                continue;
            }
            // Only a shard's first waiting write is taken, so its later ones never overtake it.
            if (_shardsInFlight.Contains(queued.ShardId) || !seen.Add(queued.ShardId))
            {
                continue;
            }
            _queue.RemoveAt(i--);
            batch.Add(queued);
        }
        if (batch.Count == 0)
        {
            return null;
        }
        _inFlight++;
        foreach (var queued in batch) _shardsInFlight.Add(queued.ShardId);
        return batch;
    }
}
