using Fencepost.Engine.Errors;
using Fencepost.Engine.History;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Queues;

namespace Fencepost.Engine.Tests.History;

/// <summary>
/// When a shard's writer cannot trust what it holds (a commit whose answer was lost, a range renewal
/// that failed), it stops, every caller hears a retryable answer, and the shard asks to be reloaded.
/// </summary>
public class ShardContextReloadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Writer_TaskIdRangeRenewalFailsWithoutLosingOwnership_QueuedWritesFailRetryablyAndTheShardAsksForAReload()
    {
        var (shard, _) = await ExecutionsReplacedStore.StartShardAsync(inner => new CountingExecutions(inner), inner => new FailingAcquireShards(inner));
        var stopped = WhenStopped(shard);

        // More tasks than one range holds: the writer renews the range before this batch.
        var large = new PendingShardWrite();
        var task = new NewShardTask(ShardTaskCategory.Transfer, DateTimeOffset.UnixEpoch, new ShardTaskData { Kind = ShardTaskKind.DispatchWorkflowTask });
        large.Tasks.AddRange(Enumerable.Repeat(task, (1 << 20) + 1));
        var renewing = shard.SubmitAsync(large);
        var queued = shard.SubmitAsync(new PendingShardWrite());

        // Renewal comes before the batch is taken: both writes are still queued, and both hear "retry".
        foreach (var write in new[] { renewing, queued })
        {
            var error = await Assert.ThrowsAsync<ServiceErrorException>(() => write.WaitAsync(Patience));
            Assert.Equal(Grpc.Core.StatusCode.Unavailable, error.Code);
        }
        await stopped.WaitAsync(Patience);
        Assert.True(shard.IsLost);
        Assert.Throws<ShardOwnershipLostException>(() => { _ = shard.SubmitAsync(new PendingShardWrite()); });
        await shard.DisposeAsync();
    }

    [Fact]
    public async Task Writer_CommitAnswerLost_InFlightCallersHearTheUnknownOutcomeQueuedOnesARetryAndTheShardAsksForAReload()
    {
        var (shard, executions) = await ExecutionsReplacedStore.StartShardAsync(inner => new AnswerLosingExecutions(inner));
        var stopped = WhenStopped(shard);

        var inFlight = shard.SubmitAsync(new PendingShardWrite());
        await executions.WriteEntered.Task.WaitAsync(Patience);
        var queued = shard.SubmitAsync(new PendingShardWrite());
        executions.Answer.SetResult();

        await Assert.ThrowsAsync<CommitOutcomeUnknownException>(() => inFlight.WaitAsync(Patience));
        var queuedError = await Assert.ThrowsAsync<ServiceErrorException>(() => queued.WaitAsync(Patience));
        Assert.Equal(Grpc.Core.StatusCode.Unavailable, queuedError.Code);
        await stopped.WaitAsync(Patience);
        Assert.True(shard.IsLost);
        Assert.Equal(1, executions.Writes);
        await shard.DisposeAsync();
    }

    private static Task WhenStopped(ShardContext shard)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        shard.OwnershipLost += (_, _) => stopped.TrySetResult();
        return stopped.Task;
    }

    private sealed class CountingExecutions(IExecutionStore inner) : ForwardingExecutionStore(inner);

    /// <summary>The shard row cannot be reached when the writer renews its range.</summary>
    private sealed class FailingAcquireShards(IShardStore inner) : IShardStore
    {
        public Task<ShardInfo?> GetShardAsync(int shardId, CancellationToken cancellationToken = default) => inner.GetShardAsync(shardId, cancellationToken);

        public Task<IReadOnlyList<ShardInfo>> ListShardsAsync(CancellationToken cancellationToken = default) => inner.ListShardsAsync(cancellationToken);

        public Task<ShardInfo> GetOrCreateShardAsync(int shardId, CancellationToken cancellationToken = default) => inner.GetOrCreateShardAsync(shardId, cancellationToken);

        public Task<ShardInfo> AcquireShardAsync(int shardId, string owner, long expectedRangeId, CancellationToken cancellationToken = default) =>
            throw new PersistenceException(PersistenceErrorClass.Unavailable, "PostgreSQL is unavailable: connection refused");

        public Task<ShardInfo> UpdateShardAsync(int shardId, long rangeId, byte[] data, CancellationToken cancellationToken = default) =>
            inner.UpdateShardAsync(shardId, rangeId, data, cancellationToken);
    }

    /// <summary>The first write commits, and its answer is lost when the test says so.</summary>
    private sealed class AnswerLosingExecutions(IExecutionStore inner) : ForwardingExecutionStore(inner)
    {
        private int _writes;

        public TaskCompletionSource WriteEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Writes => Volatile.Read(ref _writes);

        public override async Task WriteAsync(ShardWriteRequest request, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _writes);
            WriteEntered.TrySetResult();
            await Answer.Task.WaitAsync(cancellationToken);
            await Inner.WriteAsync(request, cancellationToken);
            throw new CommitOutcomeUnknownException("ShardWrite", new IOException("connection reset by peer"));
        }
    }
}
