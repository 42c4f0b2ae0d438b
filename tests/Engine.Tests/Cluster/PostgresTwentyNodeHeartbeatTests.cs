using Fencepost.Engine.Persistence.Postgres;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Tests.Persistence.Conformance;
using Fencepost.TestUtilities.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Fencepost.Engine.Tests.Cluster;

public sealed class PostgresTwentyNodeHeartbeatTests(PostgresDatabaseFixture database, ITestOutputHelper output)
    : TwentyNodeHeartbeatTests(output), IClassFixture<PostgresDatabaseFixture>
{
    protected override async Task<IPersistenceStore> CreateStoreAsync(StoreTestContext context)
    {
        // One pool shared by the twenty simulated nodes: the test is about row conflicts, not connection counts.
        var options = new PostgresStoreOptions
        {
            ConnectionString = database.ConnectionString,
            MaxPoolSize = 20,
            PoolName = $"heartbeats-{Guid.NewGuid():N}",
        };
        var store = new PostgresPersistenceStore(Options.Create(options), context.RetryOptions, context.Metrics, context.Conflicts,
            context.MeterFactory, context.Time, NullLoggerFactory.Instance);
        await store.InitializeAsync();
        return store;
    }
}
