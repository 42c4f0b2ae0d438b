using System.Diagnostics.Metrics;
using Fencepost.Diagnostics.Persistence;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Tests.Persistence.Postgres;

/// <summary>Builds initialized PostgreSQL stores over a test database, with small pools (the test server allows 300 connections).</summary>
internal static class PostgresTestStores
{
    public static IMeterFactory NewMeterFactory() =>
        new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    public static PostgresPersistenceStore Create(string connectionString, int poolSize = 4, IConflictRecorder? conflicts = null,
        IMeterFactory? meters = null, string? poolName = null, OccRetryOptions? retry = null)
    {
        meters ??= NewMeterFactory();
        var options = new PostgresStoreOptions
        {
            ConnectionString = connectionString,
            MaxPoolSize = poolSize,
            PoolName = poolName ?? $"test-{Guid.NewGuid():N}",
        };
        // Fast retries: PostgreSQL's conflicts resolve as soon as the first writer commits.
        retry ??= new OccRetryOptions { MaxRetries = 20, BaseDelay = TimeSpan.FromMilliseconds(2), MaxDelay = TimeSpan.FromMilliseconds(50) };
        return new PostgresPersistenceStore(Options.Create(options), () => retry, new DsqlTransactionMetrics(meters),
            conflicts ?? NullConflictRecorder.Instance, meters, TimeProvider.System, NullLoggerFactory.Instance);
    }

    public static async Task<PostgresPersistenceStore> CreateInitializedAsync(string connectionString, int poolSize = 4, IConflictRecorder? conflicts = null,
        IMeterFactory? meters = null, string? poolName = null)
    {
        var store = Create(connectionString, poolSize, conflicts, meters, poolName);
        await store.InitializeAsync();
        return store;
    }
}
