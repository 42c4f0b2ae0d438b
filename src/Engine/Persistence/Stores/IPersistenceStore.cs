namespace Fencepost.Engine.Persistence.Stores;

/// <summary>
/// One backing store (the embedded DSQL emulator, or PostgreSQL / Aurora DSQL) with every
/// persistence manager the engine calls. Both implementations pass the same conformance suite.
/// </summary>
public interface IPersistenceStore : IAsyncDisposable
{
    /// <summary>"embedded" or "postgres" (also for DSQL), shown in the console's banner.</summary>
    string Kind { get; }

    /// <summary>Applies the schema (idempotent) and warms connection pools. Call once before use.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    IShardStore Shards { get; }
    IExecutionStore Executions { get; }
    IHistoryStore History { get; }
    IShardTaskStore ShardTasks { get; }
    ITaskQueueStore TaskQueues { get; }
    IClusterStore Cluster { get; }
    INamespaceStore Namespaces { get; }
    IDynamicConfigStore DynamicConfig { get; }
    IVisibilityStore Visibility { get; }

    /// <summary>
    /// Asks the store whether it can serve now (for the readiness probe): a round trip to it and,
    /// where it has a schema, every migration this build needs. Never throws for an unreachable store.
    /// </summary>
    Task<StoreReadiness> CheckReadinessAsync(CancellationToken cancellationToken = default);

    /// <summary>Connection pool state for the console and metrics; empty for a store without pools.</summary>
    IReadOnlyList<ConnectionPoolSnapshot> GetPoolSnapshots();
}
