using Fencepost.Engine.Persistence.Postgres;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Tests.Persistence.Conformance;
using Fencepost.TestUtilities.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Tests.Persistence.Postgres;

/// <summary>
/// The shared conformance suite against PostgreSQL (the local stand-in for DSQL). Where PostgreSQL
/// differs, the second writer of a row waits for the first and then gets 40001 instead of failing
/// at commit; the runner retries either way, so the outcomes the suite checks are the same.
/// </summary>
public sealed class PostgresConformanceTests(PostgresDatabaseFixture database) : PersistenceConformanceTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override async Task<IPersistenceStore> CreateStoreAsync(StoreTestContext context)
    {
        var options = new PostgresStoreOptions
        {
            ConnectionString = database.ConnectionString,
            MaxPoolSize = 8,
            PoolName = $"conformance-{Guid.NewGuid():N}",
        };
        var store = new PostgresPersistenceStore(Options.Create(options), context.RetryOptions, context.Metrics, context.Conflicts,
            context.MeterFactory, context.Time, NullLoggerFactory.Instance);
        await store.InitializeAsync();
        return store;
    }
}
