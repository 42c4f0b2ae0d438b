using Fencepost.ConsoleWeb.Data;
using Fencepost.Engine.Persistence.Embedded;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Persistence.Visibility;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Api.Namespace.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.ConsoleWeb.Tests.Data;

/// <summary>The console's workflow list takes the queries ListWorkflowExecutions takes, custom search attributes included.</summary>
public sealed class StoreWorkflowSearchTests : IAsyncDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddEmbeddedPersistenceStore().BuildServiceProvider();

    private IPersistenceStore Store => _services.GetRequiredService<IPersistenceStore>();

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    [Fact]
    public async Task SearchAsync_QueryOnARegisteredSearchAttribute_FindsTheMatchingRunOnly()
    {
        var ns = Guid.NewGuid();
        var description = new DescribeNamespaceResponse
        {
            NamespaceInfo = new NamespaceInfo { Id = ns.ToString(), Name = "orders" },
            Config = new NamespaceConfig { CustomSearchAttributeAliases = { ["Keyword01"] = "CustomKeywordField" } },
        };
        await Store.Namespaces.CreateNamespaceAsync(new NamespaceRecord(ns, "orders", 1, description.ToByteArray()));
        VisibilityRecord Run(string id, string value) =>
            new(ns, id, Guid.NewGuid(), "Order", "q", 1, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, 3, null, null,
                Attributes: [new SearchAttributeValue("CustomKeywordField", 0, value, null, null, null, null)]);
        await Store.Visibility.UpsertAsync(Run("wanted", "x"));
        await Store.Visibility.UpsertAsync(Run("other", "y"));
        var search = new StoreWorkflowSearch(Store);

        var page = await search.SearchAsync("orders", "CustomKeywordField = 'x'", 10, null);

        Assert.Equal("wanted", Assert.Single(page.Runs).WorkflowId);
        Assert.Equal(1, page.CountsByStatus[1]);
        await Assert.ThrowsAsync<VisibilityQueryException>(() => search.SearchAsync("orders", "CustomIntField = 1", 10, null));
    }
}
