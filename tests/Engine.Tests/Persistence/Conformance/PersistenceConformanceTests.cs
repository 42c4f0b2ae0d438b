using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.Tests.Persistence.Conformance;

/// <summary>
/// The behaviour every store (embedded DSQL emulator, PostgreSQL / DSQL) must share. A store's
/// test class derives from this and creates its store from the given context; the partial files
/// beside this one hold the tests by manager. Tests use unique ids, so a store may be shared.
/// </summary>
public abstract partial class PersistenceConformanceTests : IAsyncLifetime
{
    private IPersistenceStore? _store;

    protected StoreTestContext Context { get; } = new();

    protected IPersistenceStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>Creates (and initializes) the store under test, wired to <paramref name="context"/>.</summary>
    protected abstract Task<IPersistenceStore> CreateStoreAsync(StoreTestContext context);

    public async Task InitializeAsync() => _store = await CreateStoreAsync(Context);

    /// <summary>
    /// Gives every commit a network-like round trip for a race test, so concurrent transactions
    /// really overlap between snapshot and commit. A real server has one already; an in-process
    /// store overrides this (otherwise, on an idle machine, short transactions can run one after
    /// another and a race test proves nothing).
    /// </summary>
    protected virtual void ModelCommitRoundTrip()
    {
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        Context.Dispose();
    }
}
