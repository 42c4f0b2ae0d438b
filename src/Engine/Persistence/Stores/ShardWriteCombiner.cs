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
/// Nothing about one shard changes: each request is still applied whole, its own fence and
/// conditions are checked inside the transaction, and one shard never has two writes in flight or
/// in one transaction, so its writes still commit in the order they were issued. When a combined
/// transaction fails with a persistence error (a fence lost, a condition failed, an unknown
/// outcome), nothing of it committed or its outcome is unknown, so each request is written again on
/// its own and gets its own answer, exactly as if it had never been combined.
/// </para>
/// </summary>
internal sealed class ShardWriteCombiner : IDisposable
{
    // Each request also locks its shard row; DSQL counts it against the transaction's rows.
    private const int FenceRows = 1;

    private readonly Func<IReadOnlyList<ShardWriteRequest>, CancellationToken, Task> _writeTogether;
    private readonly Func<ShardWriteRequest, CancellationToken, Task> _writeAlone;
    private readonly int _maxInFlight;
    private readonly Action<int>? _recordShardsPerTransaction;
    private readonly Lock _lock = new();
    private readonly List<Queued> _queue = [];
    private readonly HashSet<int> _shardsInFlight = [];
    private readonly CancellationTokenSource _lifetime = new();
    private int _inFlight;

    /// <param name="writeTogether">Applies several shards' requests in one transaction (all or nothing).</param>
    /// <param name="writeAlone">Applies one request in its own transaction.</param>
    /// <param name="maxInFlight">How many transactions may run at once.</param>
    /// <param name="recordShardsPerTransaction">Told how many shards each transaction carries, as it starts.</param>
    public ShardWriteCombiner(
        Func<IReadOnlyList<ShardWriteRequest>, CancellationToken, Task> writeTogether,
        Func<ShardWriteRequest, CancellationToken, Task> writeAlone,
        int maxInFlight,
        Action<int>? recordShardsPerTransaction = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        _writeTogether = writeTogether;
        _writeAlone = writeAlone;
        _maxInFlight = maxInFlight;
        _recordShardsPerTransaction = recordShardsPerTransaction;
    }

    /// <summary>
    /// Completes when <paramref name="request"/> has committed, or fails with its own error.
    /// <paramref name="size"/> is what the request alone takes (<see cref="ShardWriteValidator.MeasureOneTransaction"/>).
    /// </summary>
    public Task WriteAsync(ShardWriteRequest request, TransactionBudget size, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(size);
        var queued = new Queued(request, size.Rows + FenceRows, size.Bytes, cancellationToken);
        List<List<Queued>> ready;
        lock (_lock)
        {
            _queue.Add(queued);
            ready = TakeBatchesLocked();
        }
        Start(ready);
        return queued.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Cancels combined transactions still running (the store is closing); not disposed, as they may still read its token.</summary>
    public void Dispose() => _lifetime.Cancel();

    /// <summary>
    /// Starts each transaction on the calling thread, outside the lock: it runs only until its first
    /// I/O, which the caller (a shard writer, or a finished transaction) would await anyway, so a
    /// thread-pool hop per shard write buys nothing. RunAsync never throws.
    /// </summary>
    private void Start(List<List<Queued>> batches)
    {
        foreach (var batch in batches)
        {
            _ = RunAsync(batch);
        }
    }

    private async Task RunAsync(List<Queued> batch)
    {
        _recordShardsPerTransaction?.Invoke(batch.Count);
        try
        {
            if (batch.Count == 1)
            {
                await WriteAloneAsync(batch[0]).ConfigureAwait(false);
                return;
            }
            try
            {
                await _writeTogether(batch.ConvertAll(q => q.Request), _lifetime.Token).ConfigureAwait(false);
                foreach (var queued in batch) queued.Completion.TrySetResult();
            }
            catch (PersistenceException)
            {
                // Which request failed, and whether the others would have committed, only their own
                // transactions can say; the shards are distinct, so they may run side by side.
                await Task.WhenAll(batch.ConvertAll(WriteAloneAsync)).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                foreach (var queued in batch) queued.Completion.TrySetException(ex);
            }
        }
        finally
        {
            List<List<Queued>> ready;
            lock (_lock)
            {
                _inFlight--;
                foreach (var queued in batch) _shardsInFlight.Remove(queued.Request.ShardId);
                ready = TakeBatchesLocked();
            }
            Start(ready);
        }
    }

    private async Task WriteAloneAsync(Queued queued)
    {
        try
        {
            await _writeAlone(queued.Request, queued.CancellationToken).ConfigureAwait(false);
            queued.Completion.TrySetResult();
        }
        catch (Exception ex)
        {
            queued.Completion.TrySetException(ex);
        }
    }

    /// <summary>
    /// Forms transactions while fewer than the maximum run: each takes, in arrival order, the
    /// first waiting request of every shard that has nothing in flight, within DSQL's budget.
    /// </summary>
    private List<List<Queued>> TakeBatchesLocked()
    {
        var ready = new List<List<Queued>>();
        while (_inFlight < _maxInFlight && _queue.Count > 0)
        {
            var batch = new List<Queued>();
            var passedOver = new HashSet<int>();
            var rows = 0;
            long bytes = 0;
            for (var i = 0; i < _queue.Count; i++)
            {
                var queued = _queue[i];
                if (queued.CancellationToken.IsCancellationRequested)
                {
                    // Its caller has given up (the shard is being let go): never start it.
                    _queue.RemoveAt(i--);
                    queued.Completion.TrySetCanceled(queued.CancellationToken);
                    continue;
                }
                var shard = queued.Request.ShardId;
                var fits = batch.Count == 0
                    || (rows + queued.Rows <= DsqlLimits.MaxRowsPerTransaction && bytes + queued.Bytes <= DsqlLimits.MaxBytesPerTransaction);
                // A shard passed over once stays passed over in this pass, so its later writes never overtake it.
                if (_shardsInFlight.Contains(shard) || passedOver.Contains(shard) || !fits)
                {
                    passedOver.Add(shard);
                    continue;
                }
                _queue.RemoveAt(i--);
                batch.Add(queued);
                passedOver.Add(shard);
                rows += queued.Rows;
                bytes += queued.Bytes;
            }
            if (batch.Count == 0)
            {
                break;
            }
            _inFlight++;
            foreach (var queued in batch) _shardsInFlight.Add(queued.Request.ShardId);
            ready.Add(batch);
        }
        return ready;
    }

    private sealed class Queued(ShardWriteRequest request, int rows, long bytes, CancellationToken cancellationToken)
    {
        public ShardWriteRequest Request => request;
        public int Rows => rows;
        public long Bytes => bytes;
        public CancellationToken CancellationToken => cancellationToken;
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
