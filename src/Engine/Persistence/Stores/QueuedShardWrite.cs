using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Stores;

/// <summary>
/// One shard write waiting in the <see cref="ShardWriteCombiner"/>: bound (its request taken,
/// validated and measured) when its transaction starts, then given its outcome, which is
/// published to the writer only when the combiner says so.
/// </summary>
internal sealed class QueuedShardWrite(int shardId, Func<ShardWriteRequest> bind, CancellationToken cancellationToken)
{
    // Each request also locks its shard row; DSQL counts it against the transaction's rows.
    private const int FenceRows = 1;

    private Exception? _error;
    private bool _succeeded;
    private bool _cancelled;

    public int ShardId => shardId;

    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>
    /// Completed by <see cref="Publish"/>. Its continuations may run inline on the combiner's thread:
    /// that is how a shard writer queues its next write before the combiner forms the next
    /// transaction (the combiner calls <see cref="Publish"/> outside its lock).
    /// </summary>
    public TaskCompletionSource Completion { get; } = new();

    public bool IsBound { get; private set; }

    public ShardWriteRequest Request { get; private set; } = null!;

    /// <summary>Rows in one transaction, its fence included.</summary>
    public int Rows { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Its history alone is over one transaction's budget: it is written on its own, history ahead.</summary>
    public bool Oversized { get; private set; }

    /// <summary>Takes, validates and measures the request; false (with the error kept for its writer) when any of that throws.</summary>
    public bool TryBind()
    {
        try
        {
            var request = bind();
            ShardWriteValidator.Validate(request);
            var size = ShardWriteValidator.MeasureOneTransaction(request);
            Request = request;
            Oversized = size is null;
            Rows = (size?.Rows ?? 0) + FenceRows;
            Bytes = size?.Bytes ?? 0;
            IsBound = true;
            return true;
        }
        catch (Exception ex)
        {
            _error = ex;
            return false;
        }
    }

    public void Succeeded() => _succeeded = true;

    public void Failed(Exception error) => _error = error;

    public void Cancelled() => _cancelled = true;

    /// <summary>Hands the outcome to the writer (runs its continuation, possibly inline).</summary>
    public void Publish()
    {
        if (_cancelled)
        {
            Completion.TrySetCanceled(cancellationToken);
        }
        else if (_succeeded)
        {
            Completion.TrySetResult();
        }
        else
        {
            // Never reported as committed without being told so.
            Completion.TrySetException(_error ?? new InvalidOperationException($"Shard {shardId}'s write ended without an outcome."));
        }
    }
}
