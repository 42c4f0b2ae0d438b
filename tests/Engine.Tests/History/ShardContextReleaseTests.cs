using Fencepost.Engine.History;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.Tests.History;

/// <summary>What the callers of a shard's writer hear when the shard is let go under them.</summary>
public class ShardContextReleaseTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DisposeAsync_WriteInFlight_ItsCallerGetsOwnershipLostInsteadOfWaitingForever()
    {
        var (shard, stalling) = await ExecutionsReplacedStore.StartShardAsync(inner => new StallingExecutions(inner));

        var inFlight = shard.SubmitAsync(new PendingShardWrite());
        await stalling.WriteEntered.Task.WaitAsync(Patience);
        var queued = shard.SubmitAsync(new PendingShardWrite());
        await shard.DisposeAsync();

        await Assert.ThrowsAsync<ShardOwnershipLostException>(() => inFlight.WaitAsync(Patience));
        await Assert.ThrowsAsync<ShardOwnershipLostException>(() => queued.WaitAsync(Patience));
    }

    /// <summary>A shard write signals that it started and then waits for its cancellation.</summary>
    private sealed class StallingExecutions(IExecutionStore inner) : ForwardingExecutionStore(inner)
    {
        public TaskCompletionSource WriteEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task WriteAsync(ShardWriteRequest request, CancellationToken cancellationToken = default)
        {
            WriteEntered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
