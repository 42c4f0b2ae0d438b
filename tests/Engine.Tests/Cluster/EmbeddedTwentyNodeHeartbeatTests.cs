using Fencepost.Engine.Persistence.Embedded;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Tests.Persistence.Conformance;
using Xunit.Abstractions;

namespace Fencepost.Engine.Tests.Cluster;

public sealed class EmbeddedTwentyNodeHeartbeatTests(ITestOutputHelper output) : TwentyNodeHeartbeatTests(output)
{
    protected override async Task<IPersistenceStore> CreateStoreAsync(StoreTestContext context)
    {
        var store = new EmbeddedPersistenceStore(context.Metrics, context.Conflicts, context.Time, context.RetryOptions, new EmbeddedStoreOptions());
        await store.InitializeAsync();
        return store;
    }
}
