using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Tests.Persistence.Conformance;
using Fencepost.TestUtilities.Postgres;

namespace Fencepost.Engine.Tests.Persistence.Postgres;

/// <summary>
/// The shared conformance suite against PostgreSQL (the local stand-in for DSQL). Where PostgreSQL
/// differs, the second writer of a row waits for the first and then gets 40001 instead of failing
/// at commit; the runner retries either way, so the outcomes the suite checks are the same.
/// </summary>
public sealed class PostgresConformanceTests(PostgresDatabaseFixture database) : PersistenceConformanceTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override async Task<IPersistenceStore> CreateStoreAsync(StoreTestContext context) =>
        await context.CreatePostgresStoreAsync(database.ConnectionString, maxPoolSize: 8, "conformance");
}
