using System.Collections.Concurrent;
using Fencepost.Engine.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Google.Protobuf;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Namespaces;

/// <summary>
/// Namespaces by name and id, read through from the store and cached (namespaces change rarely;
/// an update here refreshes the cache at once, and on a cluster node a periodic re-read brings
/// other nodes' changes, see <c>cluster.namespaceRefreshInterval</c>). Stored data is a DescribeNamespaceResponse.
/// </summary>
public sealed class NamespaceRegistry(IPersistenceStore store)
{
    private readonly ConcurrentDictionary<string, NamespaceEntry> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, NamespaceEntry> _byId = new();

    /// <summary>The namespace, or NOT_FOUND with NamespaceNotFoundFailure.</summary>
    public async ValueTask<NamespaceEntry> GetAsync(string name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw ServiceErrorException.InvalidArgument("Namespace is not set on request.");
        }
        if (_byName.TryGetValue(name, out var cached))
        {
            return cached;
        }
        var record = await store.Namespaces.GetNamespaceByNameAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw ServiceErrorException.NamespaceNotFound(name);
        return Remember(record);
    }

    public async ValueTask<NamespaceEntry?> FindByIdAsync(Guid id, CancellationToken cancellationToken)
    {
        if (_byId.TryGetValue(id, out var cached))
        {
            return cached;
        }
        var record = await store.Namespaces.GetNamespaceByIdAsync(id, cancellationToken).ConfigureAwait(false);
        return record is null ? null : Remember(record);
    }

    /// <summary>The cached id of a namespace name (commands resolve target namespaces synchronously).</summary>
    public Guid? TryGetCachedId(string name) => _byName.TryGetValue(name, out var entry) ? entry.Id : null;

    public async Task<NamespaceEntry> CreateAsync(DescribeNamespaceResponse description, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(description.NamespaceInfo.Id);
        var record = new NamespaceRecord(id, description.NamespaceInfo.Name, 1, description.ToByteArray());
        await store.Namespaces.CreateNamespaceAsync(record, cancellationToken).ConfigureAwait(false);
        return Remember(record);
    }

    public async Task<NamespaceEntry> UpdateAsync(NamespaceEntry current, DescribeNamespaceResponse description, CancellationToken cancellationToken)
    {
        var record = new NamespaceRecord(current.Id, current.Name, current.NotificationVersion + 1, description.ToByteArray());
        await store.Namespaces.UpdateNamespaceAsync(record, current.NotificationVersion, cancellationToken).ConfigureAwait(false);
        return Remember(record);
    }

    public async Task<Page<NamespaceEntry>> ListAsync(int pageSize, byte[]? pageToken, CancellationToken cancellationToken)
    {
        var page = await store.Namespaces.ListNamespacesAsync(pageSize, pageToken, cancellationToken).ConfigureAwait(false);
        return new Page<NamespaceEntry>([.. page.Items.Select(Remember)], page.NextPageToken);
    }

    /// <summary>
    /// Takes a namespace re-read from the store by a cluster node's periodic refresh (another node
    /// may have changed it), unless this cache already holds that version or a newer one.
    /// </summary>
    public void Observe(NamespaceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        // The same version is the same namespace: nothing to re-parse.
        if (_byId.TryGetValue(record.Id, out var cached) && cached.NotificationVersion >= record.NotificationVersion)
        {
            return;
        }
        Remember(record);
    }

    /// <summary>Drops cached entries (after a concurrent update lost its compare-and-set).</summary>
    public void Forget(string name)
    {
        if (_byName.TryRemove(name, out var entry))
        {
            _byId.TryRemove(entry.Id, out _);
        }
    }

    private NamespaceEntry Remember(NamespaceRecord record)
    {
        var entry = new NamespaceEntry(record.Id, record.Name, record.NotificationVersion, DescribeNamespaceResponse.Parser.ParseFrom(record.Data));
        _byName[record.Name] = entry;
        _byId[record.Id] = entry;
        return entry;
    }
}
