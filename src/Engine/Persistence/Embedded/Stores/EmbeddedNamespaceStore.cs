using System.Text;
using Fencepost.Engine.Persistence.Embedded.Keys;
using Fencepost.Engine.Persistence.Embedded.Mvcc;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Limits;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.Persistence.Embedded.Stores;

internal sealed class EmbeddedNamespaceStore(EmbeddedTransactions transactions) : INamespaceStore
{
    private EmbeddedTables Tables => transactions.Tables;

    public async Task CreateNamespaceAsync(NamespaceRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        TransactionBudget.CheckKey(EmbeddedTables.NamespacesName, "name", record.Name);
        TransactionBudget.CheckColumn(EmbeddedTables.NamespacesName, "data", record.Data.Length);
        var stored = StoredValues.Of(record);
        await transactions.ExecuteAsync(Operation("CreateNamespace", record.Name), tx =>
        {
            if (tx.Get(Tables.Namespaces, new TextKey(stored.Name)) is not null)
            {
                throw new EntityAlreadyExistsException($"Namespace '{stored.Name}' exists already.");
            }
            if (tx.Get(Tables.NamespaceIds, stored.Id) is { } taken)
            {
                throw new EntityAlreadyExistsException($"Namespace id {stored.Id} is already used by namespace '{taken}'.");
            }
            tx.Upsert(Tables.Namespaces, new TextKey(stored.Name), stored);
            tx.Upsert(Tables.NamespaceIds, stored.Id, stored.Name);
        }, cancellationToken);
    }

    public Task<NamespaceRecord?> GetNamespaceByNameAsync(string name, CancellationToken cancellationToken = default) =>
        transactions.RunAsync(Operation("GetNamespace", name),
            tx => tx.Get(Tables.Namespaces, new TextKey(name)) is { } record ? StoredValues.Of(record) : null,
            cancellationToken);

    public Task<NamespaceRecord?> GetNamespaceByIdAsync(Guid id, CancellationToken cancellationToken = default) =>
        transactions.RunAsync(Operation("GetNamespaceById", id.ToString()), tx =>
            tx.Get(Tables.NamespaceIds, id) is { } name && tx.Get(Tables.Namespaces, new TextKey(name)) is { } record
                ? StoredValues.Of(record)
                : null,
            cancellationToken);

    public async Task<Page<NamespaceRecord>> ListNamespacesAsync(int pageSize, byte[]? pageToken, CancellationToken cancellationToken = default)
    {
        if (pageSize < 1)
        {
            throw new InvalidPersistenceRequestException($"Namespace page size must be at least 1, not {pageSize}.");
        }
        KeyRange<TextKey> range = pageToken is null
            ? KeyRange.All<TextKey>()
            : new KeyRange<TextKey>(new TextKey(Encoding.UTF8.GetString(pageToken)), false, null, true);
        return await transactions.RunAsync(new PersistenceOperation("ListNamespaces", EmbeddedTables.NamespacesName, null, "namespaces"), tx =>
        {
            var rows = tx.Scan(Tables.Namespaces, range, pageSize + 1);
            var items = rows.Take(pageSize).Select(row => StoredValues.Of(row.Value)).ToList();
            var next = rows.Count > pageSize ? Encoding.UTF8.GetBytes(items[^1].Name) : null;
            return new Page<NamespaceRecord>(items, next);
        }, cancellationToken);
    }

    public async Task UpdateNamespaceAsync(NamespaceRecord record, long expectedNotificationVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        TransactionBudget.CheckColumn(EmbeddedTables.NamespacesName, "data", record.Data.Length);
        var stored = StoredValues.Of(record);
        await transactions.ExecuteAsync(Operation("UpdateNamespace", record.Name), tx =>
        {
            var name = tx.Get(Tables.NamespaceIds, stored.Id)
                ?? throw new EntityNotFoundException($"Namespace id {stored.Id} ('{stored.Name}') does not exist.");
            var existing = tx.Get(Tables.Namespaces, new TextKey(name), forUpdate: true)
                ?? throw new EntityNotFoundException($"Namespace '{name}' does not exist.");
            if (existing.NotificationVersion != expectedNotificationVersion)
            {
                throw new ConditionFailedException(
                    $"Namespace '{name}' is at notification version {existing.NotificationVersion}, not the expected {expectedNotificationVersion}.");
            }
            if (!string.Equals(name, stored.Name, StringComparison.Ordinal))
            {
                throw new InvalidPersistenceRequestException($"Namespace {stored.Id} is named '{name}'; renaming it to '{stored.Name}' is not supported.");
            }
            tx.Upsert(Tables.Namespaces, new TextKey(name), stored);
        }, cancellationToken);
    }

    private static PersistenceOperation Operation(string name, string namespaceName) =>
        new(name, EmbeddedTables.NamespacesName, null, $"namespace:{namespaceName}");
}
