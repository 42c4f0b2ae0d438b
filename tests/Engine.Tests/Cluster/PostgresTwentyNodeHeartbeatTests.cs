using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Tests.Persistence.Conformance;
using Fencepost.TestUtilities.Postgres;
using Xunit.Abstractions;

namespace Fencepost.Engine.Tests.Cluster;

public sealed class PostgresTwentyNodeHeartbeatTests(PostgresDatabaseFixture database, ITestOutputHelper output)
    : TwentyNodeHeartbeatTests(output), IClassFixture<PostgresDatabaseFixture>
{
    // One pool shared by the twenty simulated nodes: the test is about row conflicts, not connection counts.
    protected override async Task<IPersistenceStore> CreateStoreAsync(StoreTestContext context) =>
        await context.CreatePostgresStoreAsync(database.ConnectionString, maxPoolSize: 20, "heartbeats");
}
