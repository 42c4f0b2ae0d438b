using System.Diagnostics.Metrics;
using Fencepost.Diagnostics.Persistence;
using Fencepost.Engine.Persistence.Ids;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Postgres.Auth;
using Fencepost.Engine.Persistence.Postgres.Pooling;
using Fencepost.Engine.Persistence.Postgres.Schema;
using Fencepost.Engine.Persistence.Postgres.Sql;
using Fencepost.Engine.Persistence.Postgres.Stores;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fencepost.Engine.Persistence.Postgres;

/// <summary>
/// The PostgreSQL / Aurora DSQL store (Kind "postgres"): every manager over one pre-warmed Npgsql
/// pool, every operation one REPEATABLE READ transaction through the <see cref="OccTransactionRunner"/>.
/// </summary>
public sealed partial class PostgresPersistenceStore : IPersistenceStore
{
    private readonly PostgresStoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PostgresPersistenceStore> _logger;
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresConnectionPool _pool;
    private readonly ShardWriteCombiner? _combiner;
    private int _disposed;

    public PostgresPersistenceStore(
        IOptions<PostgresStoreOptions> options,
        Func<OccRetryOptions> retryOptions,
        DsqlTransactionMetrics transactionMetrics,
        IConflictRecorder conflicts,
        IMeterFactory meterFactory,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IConnectionOpenRateLimiter? rateLimiter = null,
        DsqlAuthTokenGenerator? authTokens = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options.Value;
        var errors = PostgresStoreOptionsValidator.Errors(_options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(nameof(PostgresStoreOptions), typeof(PostgresStoreOptions), errors);
        }
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<PostgresPersistenceStore>();
        var connection = PostgresDataSourceFactory.ConnectionStringFor(_options);
        PoolName = _options.PoolName ?? $"{connection.Host}:{connection.Port}/{connection.Database}";
        var physical = new PhysicalConnectionLog(_options.MaxPoolSize, timeProvider);
        if (_options.UseIamAuth)
        {
            authTokens ??= DsqlAuthTokenGenerator.FromDefaultCredentials(timeProvider);
        }
        _dataSource = PostgresDataSourceFactory.Create(_options, PoolName, physical.RecordOpen, authTokens, loggerFactory);
        _pool = new PostgresConnectionPool(_dataSource, PoolName, _options.MaxPoolSize, _options.ConnectionLifetime,
            rateLimiter ?? new TokenBucketConnectionOpenRateLimiter(_options.WarmupConnectionsPerSecond, timeProvider),
            physical, meterFactory, timeProvider, loggerFactory.CreateLogger<PostgresConnectionPool>());

        var runner = new OccTransactionRunner(Kind, PostgresErrorClassifier.Instance, retryOptions, transactionMetrics, conflicts, timeProvider);
        var executor = new PostgresExecutor(_pool, runner, timeProvider);
        // Membership and shard ownership never wait behind workflow traffic for a connection.
        var control = new PostgresExecutor(_pool, runner, timeProvider, ConnectionPriority.Control);
        var ids = new SnowflakeIdGenerator(_options.SnowflakeNode ?? Random.Shared.Next(1024), timeProvider);
        Shards = new PostgresShardStore(control);
        PostgresExecutionStore? executions = null;
        _combiner = _options.CombineShardWrites
            ? new ShardWriteCombiner((requests, ct) => executions!.WriteTogetherAsync(requests, ct), (request, ct) => executions!.WriteAloneAsync(request, ct),
                (request, ct) => executions!.WriteOversizedAsync(request, ct), _options.ShardWriteTransactionsInFlight, new ShardWriteCombinerMetrics(meterFactory).Record)
            : null;
        Executions = executions = new PostgresExecutionStore(executor, _combiner);
        History = new PostgresHistoryStore(executor);
        ShardTasks = new PostgresShardTaskStore(executor);
        TaskQueues = new PostgresTaskQueueStore(executor);
        Cluster = new PostgresClusterStore(control);
        Namespaces = new PostgresNamespaceStore(executor);
        DynamicConfig = new PostgresDynamicConfigStore(executor, ids);
        Visibility = new PostgresVisibilityStore(executor, planWithTheValues: _options.Target == PostgresTarget.PostgreSql);
    }

    public string Kind => "postgres";

    /// <summary>The pool underneath (tests watch it recover).</summary>
    internal PostgresConnectionPool Pool => _pool;

    /// <summary>The pool's name in snapshots and metrics.</summary>
    public string PoolName { get; }

    public IShardStore Shards { get; }
    public IExecutionStore Executions { get; }
    public IHistoryStore History { get; }
    public IShardTaskStore ShardTasks { get; }
    public ITaskQueueStore TaskQueues { get; }
    public IClusterStore Cluster { get; }
    public INamespaceStore Namespaces { get; }
    public IDynamicConfigStore DynamicConfig { get; }
    public IVisibilityStore Visibility { get; }

    /// <summary>A migrator over this store's data source (the schema command uses the same one).</summary>
    public PostgresSchemaMigrator CreateMigrator() => new(_dataSource, _options.Target, _timeProvider, _logger);

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        // Warm-up first: it opens every connection through the rate limiter, and the migration then
        // borrows one of them. Migrating first opened a connection the limiter never saw, so nodes
        // starting together broke the cluster's shared budget (DSQL refuses the excess).
        await _pool.WarmUpAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = _pool.Snapshot();
        LogWarmedUp(_logger, PoolName, snapshot.Open, snapshot.MaxOpen);
        _pool.StartKeeper();
        if (_options.MigrateOnStart)
        {
            var applied = await CreateMigrator().MigrateAsync(cancellationToken).ConfigureAwait(false);
            LogMigrated(_logger, applied.Count, PoolName);
        }
    }

    public async Task<StoreReadiness> CheckReadinessAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var applied = await CreateMigrator().ReadAppliedVersionsAsync(cancellationToken).ConfigureAwait(false);
            var missing = PostgresSchema.MigrationsFor(_options.Target).Select(m => m.Version).Where(v => !applied.Contains(v)).ToList();
            return missing.Count == 0
                ? StoreReadiness.Serving($"{_options.Target} answers; schema current ({applied.Count} migrations)")
                : StoreReadiness.NotServing($"{_options.Target} answers, but the schema lacks migrations {string.Join(", ", missing)}: run migrate with this build");
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return StoreReadiness.NotServing($"{_options.Target} answers, but has no Fencepost schema: run migrate, or start a node with MigrateOnStart");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            return StoreReadiness.NotServing($"{_options.Target} does not answer: {ex.Message}");
        }
    }

    public IReadOnlyList<ConnectionPoolSnapshot> GetPoolSnapshots() => [_pool.Snapshot()];

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _combiner?.Dispose();
        _pool.Dispose();
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Schema up to date ({Applied} migrations applied now) for {Pool}")]
    private static partial void LogMigrated(ILogger logger, int applied, string pool);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Pool {Pool} warmed up: {Open} of {Max} connections open")]
    private static partial void LogWarmedUp(ILogger logger, string pool, int open, int max);
}
