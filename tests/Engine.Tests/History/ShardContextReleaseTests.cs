using Fencepost.Engine.History;
using Fencepost.Engine.Persistence.Embedded;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Tests.Persistence.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fencepost.Engine.Tests.History;

/// <summary>What the callers of a shard's writer hear when the shard is let go under them.</summary>
public class ShardContextReleaseTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DisposeAsync_WriteInFlight_ItsCallerGetsOwnershipLostInsteadOfWaitingForever()
    {
        var store = EmbeddedStoreFactory.Create();
        await store.InitializeAsync();
        var row = await store.Shards.GetOrCreateShardAsync(0);
        var acquired = await store.Shards.AcquireShardAsync(0, "test-host", row.RangeId);
        var stalling = new StallingStore(store);
        var shard = new ShardContext(acquired, "test-host", stalling, NullLogger.Instance, 16);
        shard.Start();

        var inFlight = shard.SubmitAsync(new PendingShardWrite());
        await stalling.WriteEntered.Task.WaitAsync(Patience);
        var queued = shard.SubmitAsync(new PendingShardWrite());
        await shard.DisposeAsync();

        await Assert.ThrowsAsync<ShardOwnershipLostException>(() => inFlight.WaitAsync(Patience));
        await Assert.ThrowsAsync<ShardOwnershipLostException>(() => queued.WaitAsync(Patience));
    }

    /// <summary>The embedded store, except that a shard write never finishes until it is cancelled.</summary>
    private sealed class StallingStore(EmbeddedPersistenceStore inner) : IPersistenceStore
    {
        private readonly EmbeddedPersistenceStore _inner = inner;

        public TaskCompletionSource WriteEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Kind => _inner.Kind;

        public IShardStore Shards => _inner.Shards;

        public IExecutionStore Executions { get => field ??= new StallingExecutions(this); }

        public IHistoryStore History => _inner.History;

        public IShardTaskStore ShardTasks => _inner.ShardTasks;

        public ITaskQueueStore TaskQueues => _inner.TaskQueues;

        public IClusterStore Cluster => _inner.Cluster;

        public INamespaceStore Namespaces => _inner.Namespaces;

        public IDynamicConfigStore DynamicConfig => _inner.DynamicConfig;

        public IVisibilityStore Visibility => _inner.Visibility;

        public Task InitializeAsync(CancellationToken cancellationToken = default) => _inner.InitializeAsync(cancellationToken);

        public IReadOnlyList<ConnectionPoolSnapshot> GetPoolSnapshots() => _inner.GetPoolSnapshots();

        public ValueTask DisposeAsync() => _inner.DisposeAsync();

        /// <summary>Reads go to the embedded store; a write signals that it started and waits for its cancellation.</summary>
        private sealed class StallingExecutions(StallingStore store) : IExecutionStore
        {
            private readonly IExecutionStore _reads = store._inner.Executions;

            public async Task WriteAsync(ShardWriteRequest request, CancellationToken cancellationToken = default)
            {
                store.WriteEntered.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            public Task<WorkflowExecutionRecord?> GetExecutionAsync(int shardId, Guid namespaceId, string workflowId, Guid runId, CancellationToken cancellationToken = default) =>
                _reads.GetExecutionAsync(shardId, namespaceId, workflowId, runId, cancellationToken);

            public Task<CurrentExecutionRecord?> GetCurrentExecutionAsync(int shardId, Guid namespaceId, string workflowId, CancellationToken cancellationToken = default) =>
                _reads.GetCurrentExecutionAsync(shardId, namespaceId, workflowId, cancellationToken);

            public Task DeleteExecutionAsync(int shardId, long rangeId, Guid namespaceId, string workflowId, Guid runId, CancellationToken cancellationToken = default) =>
                _reads.DeleteExecutionAsync(shardId, rangeId, namespaceId, workflowId, runId, cancellationToken);
        }
    }
}
