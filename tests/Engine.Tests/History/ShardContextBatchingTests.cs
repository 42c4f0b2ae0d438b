using Fencepost.Engine.History;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.Tests.History;

/// <summary>What goes into one shard transaction when the store makes the shard's writer wait.</summary>
public class ShardContextBatchingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SubmitAsync_PartsQueuedWhileTheStoreHoldsTheWriteBack_GoIntoThatSameTransaction()
    {
        var (shard, held) = await ExecutionsReplacedStore.StartShardAsync(inner => new HeldExecutions(inner));

        // As behind other shards' transactions: the write waits before the store takes its batch.
        var first = shard.SubmitAsync(new PendingShardWrite());
        await held.Waiting.Task.WaitAsync(Patience);
        var later = new[] { shard.SubmitAsync(new PendingShardWrite()), shard.SubmitAsync(new PendingShardWrite()) };
        held.Go.TrySetResult();
        await Task.WhenAll(later.Append(first)).WaitAsync(Patience);

        Assert.Equal((1L, 3L), (shard.CommitTotals.Transactions, shard.CommitTotals.Writes));
        await shard.DisposeAsync();
    }

    /// <summary>The first write waits for <see cref="Go"/> before it binds its request, as a combining store's queue would.</summary>
    private sealed class HeldExecutions(IExecutionStore inner) : ForwardingExecutionStore(inner)
    {
        public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Go { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task WriteWhenReadyAsync(int shardId, Func<ShardWriteRequest> bind, CancellationToken cancellationToken = default)
        {
            Waiting.TrySetResult();
            await Go.Task.WaitAsync(cancellationToken);
            await Inner.WriteAsync(bind(), cancellationToken);
        }
    }
}
