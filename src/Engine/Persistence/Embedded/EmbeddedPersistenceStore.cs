using Fencepost.Diagnostics.Persistence;
using Fencepost.Engine.Persistence.Embedded.Mvcc;
using Fencepost.Engine.Persistence.Embedded.Stores;
using Fencepost.Engine.Persistence.Ids;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.Persistence.Embedded;

/// <summary>
/// The zero-setup store: every persistence manager on <see cref="MvccDatabase"/>, an in-process
/// emulator of Aurora DSQL's optimistic concurrency and limits. Operations run through the same
/// <see cref="OccTransactionRunner"/> as the PostgreSQL store, so retries, conflict attribution and
/// metrics look the same. Nothing survives the process.
/// </summary>
public sealed class EmbeddedPersistenceStore : IPersistenceStore
{
    public const string StoreKind = "embedded";

    /// <param name="metrics">The runner's transaction metrics.</param>
    /// <param name="conflicts">Receives every attributed conflict.</param>
    /// <param name="timeProvider">Clock for row timestamps, transaction age, commit latency and backoff.</param>
    /// <param name="retryOptions">Read at the start of each operation.</param>
    /// <param name="options">Read at each commit (the commit latency may change live).</param>
    public EmbeddedPersistenceStore(
        DsqlTransactionMetrics metrics,
        IConflictRecorder conflicts,
        TimeProvider timeProvider,
        Func<OccRetryOptions> retryOptions,
        Func<EmbeddedStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Database = new MvccDatabase(timeProvider, () => options().CommitLatency);
        var runner = new OccTransactionRunner(StoreKind, EmbeddedErrorClassifier.Instance, retryOptions, metrics, conflicts, timeProvider);
        Faults = new EmbeddedFaultInjector(options);
        var transactions = new EmbeddedTransactions(Database, runner, timeProvider, Faults);
        Shards = new EmbeddedShardStore(transactions);
        Executions = new EmbeddedExecutionStore(transactions);
        History = new EmbeddedHistoryStore(transactions);
        ShardTasks = new EmbeddedShardTaskStore(transactions);
        TaskQueues = new EmbeddedTaskQueueStore(transactions);
        Cluster = new EmbeddedClusterStore(transactions);
        Namespaces = new EmbeddedNamespaceStore(transactions);
        DynamicConfig = new EmbeddedDynamicConfigStore(transactions, new SnowflakeIdGenerator(0, timeProvider));
        Visibility = new EmbeddedVisibilityStore(transactions);
    }

    /// <summary>With fixed options (their CommitLatency is still read at each commit).</summary>
    public EmbeddedPersistenceStore(
        DsqlTransactionMetrics metrics,
        IConflictRecorder conflicts,
        TimeProvider timeProvider,
        Func<OccRetryOptions> retryOptions,
        EmbeddedStoreOptions options)
        : this(metrics, conflicts, timeProvider, retryOptions, () => options)
    {
    }

    public string Kind => StoreKind;

    /// <summary>The emulator underneath, for its counters (commits, conflicts, aborts, collected versions).</summary>
    public MvccDatabase Database { get; }

    /// <summary>The faults it injects into writing commits (conflict storms, lost commit answers).</summary>
    public EmbeddedFaultInjector Faults { get; }

    public IShardStore Shards { get; }

    public IExecutionStore Executions { get; }

    public IHistoryStore History { get; }

    public IShardTaskStore ShardTasks { get; }

    public ITaskQueueStore TaskQueues { get; }

    public IClusterStore Cluster { get; }

    public INamespaceStore Namespaces { get; }

    public IDynamicConfigStore DynamicConfig { get; }

    public IVisibilityStore Visibility { get; }

    /// <summary>Nothing to apply: the emulator's tables exist from construction.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Always empty: the emulator runs in-process and opens no connections.</summary>
    /// <summary>In this process's memory: it serves whenever the process does, and has no schema to fall behind.</summary>
    public Task<StoreReadiness> CheckReadinessAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(StoreReadiness.Serving("embedded store in this process"));

    public IReadOnlyList<ConnectionPoolSnapshot> GetPoolSnapshots() => [];

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
