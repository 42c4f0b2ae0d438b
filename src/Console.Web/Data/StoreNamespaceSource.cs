using Fencepost.Engine.Namespaces;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>Namespaces read from the store, as DescribeNamespace describes them (the retention closed runs are kept for included).</summary>
internal sealed class StoreNamespaceSource(IPersistenceStore store) : INamespaceSource
{
    public const int MaxNamespaces = 1_000;

    public async Task<IReadOnlyList<NamespaceRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rows = new List<NamespaceRow>();
        byte[]? token = null;
        do
        {
            var page = await store.Namespaces.ListNamespacesAsync(100, token, cancellationToken);
            rows.AddRange(page.Items.Select(RowOf));
            token = page.NextPageToken;
        }
        while (token is not null && rows.Count < MaxNamespaces);
        return [.. rows.OrderBy(r => r.Name, StringComparer.Ordinal)];
    }

    internal static NamespaceRow RowOf(NamespaceRecord record)
    {
        var description = DescribeNamespaceResponse.Parser.ParseFrom(record.Data);
        var entry = new NamespaceEntry(record.Id, record.Name, record.NotificationVersion, description);
        var info = description.NamespaceInfo;
        return new NamespaceRow(record.Name, StateName(info?.State ?? NamespaceState.Unspecified), NamespaceRetention.Of(entry), info?.Description ?? "", info?.OwnerEmail ?? "");
    }

    private static string StateName(NamespaceState state) => state switch
    {
        NamespaceState.Registered => "Registered",
        NamespaceState.Deprecated => "Deprecated",
        NamespaceState.Deleted => "Deleted",
        _ => "Unknown",
    };
}
