using System.Diagnostics.Metrics;
using System.Xml.Linq;
using Fencepost.ConsoleWeb.Security;
using Fencepost.Diagnostics.Persistence;
using Fencepost.Engine.Persistence.Embedded;
using Fencepost.Engine.Persistence.Occ;
using Microsoft.Extensions.DependencyInjection;

namespace Fencepost.ConsoleWeb.Tests.Security;

public sealed class StoreKeyRepositoryTests : IAsyncDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly EmbeddedPersistenceStore _store;

    public StoreKeyRepositoryTests() =>
        _store = new EmbeddedPersistenceStore(new DsqlTransactionMetrics(_services.GetRequiredService<IMeterFactory>()),
            NullConflictRecorder.Instance, TimeProvider.System, () => new OccRetryOptions(), new EmbeddedStoreOptions());

    [Fact]
    public void GetAllElements_KeyStoredByAnotherNode_Read()
    {
        var one = new StoreKeyRepository(_store.Cluster, TimeProvider.System);
        var other = new StoreKeyRepository(_store.Cluster, TimeProvider.System);

        one.StoreElement(new XElement("key", new XAttribute("id", "a")), "key-a");

        var read = Assert.Single(other.GetAllElements());
        Assert.Equal("a", read.Attribute("id")?.Value);
    }

    [Fact]
    public async Task StoreElement_TwoNodesAtOnce_BothKeysKept()
    {
        var one = new StoreKeyRepository(_store.Cluster, TimeProvider.System);
        var other = new StoreKeyRepository(_store.Cluster, TimeProvider.System);

        await Task.WhenAll(
            Task.Run(() => one.StoreElement(new XElement("key", new XAttribute("id", "a")), "key-a")),
            Task.Run(() => other.StoreElement(new XElement("key", new XAttribute("id", "b")), "key-b")));

        Assert.Equal(["a", "b"], one.GetAllElements().Select(e => e.Attribute("id")!.Value).Order());
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        await _services.DisposeAsync();
    }
}
