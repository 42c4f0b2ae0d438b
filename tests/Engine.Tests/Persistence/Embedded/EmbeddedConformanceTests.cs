using Fencepost.Engine.Persistence.Embedded;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Tests.Persistence.Conformance;

namespace Fencepost.Engine.Tests.Persistence.Embedded;

/// <summary>The shared store conformance suite, run against a fresh embedded DSQL emulator per test.</summary>
public sealed class EmbeddedConformanceTests : PersistenceConformanceTests
{
    private readonly EmbeddedStoreOptions _options = new();

    /// <summary>The emulator reads its commit latency at every commit; 5 ms is a DSQL-like round trip.</summary>
    protected override void ModelCommitRoundTrip() => _options.CommitLatency = TimeSpan.FromMilliseconds(5);

    protected override async Task<IPersistenceStore> CreateStoreAsync(StoreTestContext context)
    {
        var store = new EmbeddedPersistenceStore(context.Metrics, context.Conflicts, context.Time, context.RetryOptions, _options);
        await store.InitializeAsync();
        return store;
    }
}
