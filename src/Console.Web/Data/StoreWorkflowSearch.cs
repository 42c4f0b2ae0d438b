using Fencepost.Engine.Namespaces;
using Fencepost.Engine.History.Schedules;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Persistence.Visibility;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>Searches the store's visibility records with the namespace's search attributes.</summary>
internal sealed class StoreWorkflowSearch(IPersistenceStore store) : IWorkflowSearch
{
    private const int MaxNamespaces = 1_000;

    public async Task<IReadOnlyList<string>> ListNamespacesAsync(CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        byte[]? token = null;
        do
        {
            var page = await store.Namespaces.ListNamespacesAsync(100, token, cancellationToken);
            names.AddRange(page.Items.Select(n => n.Name));
            token = page.NextPageToken;
        }
        while (token is not null && names.Count < MaxNamespaces);
        return [.. names.Order(StringComparer.Ordinal)];
    }

    public async Task<WorkflowPage> SearchAsync(string namespaceName, string? query, int pageSize, byte[]? pageToken,
        CancellationToken cancellationToken = default)
    {
        var ns = await store.Namespaces.GetNamespaceByNameAsync(namespaceName, cancellationToken)
            ?? throw new ArgumentException($"Namespace '{namespaceName}' does not exist.", nameof(namespaceName));
        // The namespace's registered search attributes, as the frontend's ListWorkflowExecutions takes them.
        var entry = new NamespaceEntry(ns.Id, ns.Name, ns.NotificationVersion, DescribeNamespaceResponse.Parser.ParseFrom(ns.Data));
        var parsed = SchedulerVisibility.WorkflowsOnly(VisibilityQueryParser.Parse(query, entry.QueryableSearchAttributes));
        var page = await store.Visibility.ListAsync(ns.Id, parsed, pageSize, pageToken, cancellationToken);
        var counts = await store.Visibility.CountByStatusAsync(ns.Id, parsed.Filter, cancellationToken);
        return new WorkflowPage(page.Items, counts, page.NextPageToken);
    }
}
