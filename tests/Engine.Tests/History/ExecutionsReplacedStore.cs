using Fencepost.Engine.History;
using Fencepost.Engine.Persistence.Embedded;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Tests.Persistence.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fencepost.Engine.Tests.History;

/// <summary>The embedded store with its execution store (and optionally its shard and history stores) wrapped, for tests that script or count them.</summary>
internal sealed class ExecutionsReplacedStore(EmbeddedPersistenceStore inner, Func<IExecutionStore, IExecutionStore> wrap,
    Func<IShardStore, IShardStore>? wrapShards = null, Func<IHistoryStore, IHistoryStore>? wrapHistory = null) : IPersistenceStore
{
    /// <summary>Shard 0 acquired on a fresh embedded store whose shard writes go through <paramref name="wrap"/>'s store; its writer started.</summary>
    public static async Task<(ShardContext Shard, T Executions)> StartShardAsync<T>(Func<IExecutionStore, T> wrap, Func<IShardStore, IShardStore>? wrapShards = null)
        where T : IExecutionStore
    {
        var store = EmbeddedStoreFactory.Create();
        await store.InitializeAsync();
        var row = await store.Shards.GetOrCreateShardAsync(0);
        var acquired = await store.Shards.AcquireShardAsync(0, "test-host", row.RangeId);
        var replaced = new ExecutionsReplacedStore(store, inner => wrap(inner), wrapShards);
        var executions = (T)replaced.Executions;
        var shard = new ShardContext(acquired, "test-host", replaced, NullLogger.Instance, 16);
        shard.Start();
        return (shard, executions);
    }

    public string Kind => inner.Kind;

    public IShardStore Shards { get => field ??= wrapShards?.Invoke(inner.Shards) ?? inner.Shards; }

    public IExecutionStore Executions { get => field ??= wrap(inner.Executions); }

    public IHistoryStore History { get => field ??= wrapHistory?.Invoke(inner.History) ?? inner.History; }

    public IShardTaskStore ShardTasks => inner.ShardTasks;

    public ITaskQueueStore TaskQueues => inner.TaskQueues;

    public IClusterStore Cluster => inner.Cluster;

    public INamespaceStore Namespaces => inner.Namespaces;

    public IDynamicConfigStore DynamicConfig => inner.DynamicConfig;

    public IVisibilityStore Visibility => inner.Visibility;

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task<StoreReadiness> CheckReadinessAsync(CancellationToken cancellationToken = default) => inner.CheckReadinessAsync(cancellationToken);

    public IReadOnlyList<ConnectionPoolSnapshot> GetPoolSnapshots() => inner.GetPoolSnapshots();

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}

/// <summary>An execution store that passes everything to another; tests override the writes they script.</summary>
internal abstract class ForwardingExecutionStore(IExecutionStore inner) : IExecutionStore
{
    protected IExecutionStore Inner => inner;

    public virtual Task WriteAsync(ShardWriteRequest request, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(request, cancellationToken);

    /// <summary>Binds at once and goes through <see cref="WriteAsync"/>, so overriding that scripts both.</summary>
    public virtual async Task WriteWhenReadyAsync(int shardId, Func<ShardWriteRequest> bind, CancellationToken cancellationToken = default) =>
        await WriteAsync(bind(), cancellationToken);

    public Task<WorkflowExecutionRecord?> GetExecutionAsync(int shardId, Guid namespaceId, string workflowId, Guid runId, CancellationToken cancellationToken = default) =>
        inner.GetExecutionAsync(shardId, namespaceId, workflowId, runId, cancellationToken);

    public Task<CurrentExecutionRecord?> GetCurrentExecutionAsync(int shardId, Guid namespaceId, string workflowId, CancellationToken cancellationToken = default) =>
        inner.GetCurrentExecutionAsync(shardId, namespaceId, workflowId, cancellationToken);

    public Task DeleteExecutionAsync(int shardId, long rangeId, Guid namespaceId, string workflowId, Guid runId, CancellationToken cancellationToken = default) =>
        inner.DeleteExecutionAsync(shardId, rangeId, namespaceId, workflowId, runId, cancellationToken);
}
