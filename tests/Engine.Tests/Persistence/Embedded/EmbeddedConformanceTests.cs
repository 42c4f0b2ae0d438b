using Fencepost.Engine.Persistence.Embedded;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Tests.Persistence.Conformance;

namespace Fencepost.Engine.Tests.Persistence.Embedded;

/// <summary>The shared store conformance suite, run against a fresh embedded DSQL emulator per test.</summary>
public sealed class EmbeddedConformanceTests : PersistenceConformanceTests
{
    protected override async Task<IPersistenceStore> CreateStoreAsync(StoreTestContext context)
    {
        var store = new EmbeddedPersistenceStore(context.Metrics, context.Conflicts, context.Time, context.RetryOptions, new EmbeddedStoreOptions());
        await store.InitializeAsync();
        return store;
    }
}
