using Fencepost.Engine.Cluster.Namespaces;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Frontend;
using Fencepost.Engine.Namespaces;
using Fencepost.Engine.Persistence.Embedded;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fencepost.Engine.Tests.Cluster;

/// <summary>Two registries over one store stand for two nodes: one changes a namespace, the other's refresh must see it.</summary>
public sealed class NamespaceCacheRefresherTests : IAsyncLifetime
{
    private readonly ServiceProvider _services = new ServiceCollection().AddEmbeddedPersistenceStore().BuildServiceProvider();

    private IPersistenceStore Store => _services.GetRequiredService<IPersistenceStore>();

    public Task InitializeAsync() => Store.InitializeAsync();

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task RefreshAsync_AnotherNodeUpdatedACachedNamespace_CacheHoldsTheNewVersion()
    {
        var (nodeA, nodeB) = (new NamespaceRegistry(Store), new NamespaceRegistry(Store));
        var name = $"ns-{Guid.NewGuid():N}";
        var created = await nodeA.CreateAsync(SystemHandlers.NewNamespace(name, Guid.NewGuid(), "first", "", null), CancellationToken.None);
        Assert.Equal("first", (await nodeB.GetAsync(name, CancellationToken.None)).Description.NamespaceInfo.Description);
        var changed = created.Description.Clone();
        changed.NamespaceInfo.Description = "second";
        await nodeA.UpdateAsync(created, changed, CancellationToken.None);
        Assert.Equal("first", (await nodeB.GetAsync(name, CancellationToken.None)).Description.NamespaceInfo.Description);

        var read = await Refresher(nodeB).RefreshAsync(CancellationToken.None);

        Assert.True(read >= 1);
        var seen = await nodeB.GetAsync(name, CancellationToken.None);
        Assert.Equal(("second", created.NotificationVersion + 1), (seen.Description.NamespaceInfo.Description, seen.NotificationVersion));
        Assert.Equal("second", (await nodeB.FindByIdAsync(created.Id, CancellationToken.None))!.Description.NamespaceInfo.Description);
    }

    [Fact]
    public async Task Observe_OlderVersionThanCached_KeepsTheCachedOne()
    {
        var registry = new NamespaceRegistry(Store);
        var name = $"ns-{Guid.NewGuid():N}";
        var created = await registry.CreateAsync(SystemHandlers.NewNamespace(name, Guid.NewGuid(), "first", "", null), CancellationToken.None);
        var changed = created.Description.Clone();
        changed.NamespaceInfo.Description = "second";
        await registry.UpdateAsync(created, changed, CancellationToken.None);

        // A refresh that read the store just before the update finishes after it.
        registry.Observe(new NamespaceRecord(created.Id, name, created.NotificationVersion, created.Description.ToByteArray()));

        Assert.Equal("second", (await registry.GetAsync(name, CancellationToken.None)).Description.NamespaceInfo.Description);
    }

    private NamespaceCacheRefresher Refresher(NamespaceRegistry registry) =>
        new(Store, registry, new InMemoryDynamicConfig(), TimeProvider.System, NullLogger<NamespaceCacheRefresher>.Instance);
}
