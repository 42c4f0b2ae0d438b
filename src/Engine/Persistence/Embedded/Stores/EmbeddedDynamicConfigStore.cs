using Fencepost.Engine.Persistence.Embedded.Keys;
using Fencepost.Engine.Persistence.Embedded.Mvcc;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Ids;
using Fencepost.Engine.Persistence.Limits;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.Persistence.Embedded.Stores;

internal sealed class EmbeddedDynamicConfigStore(EmbeddedTransactions transactions, SnowflakeIdGenerator ids) : IDynamicConfigStore
{
    private EmbeddedTables Tables => transactions.Tables;

    public Task<IReadOnlyList<DynamicConfigEntry>> ListEntriesAsync(CancellationToken cancellationToken = default) =>
        transactions.RunAsync<IReadOnlyList<DynamicConfigEntry>>(
            new PersistenceOperation("ListDynamicConfig", EmbeddedTables.DynamicConfigName, null, "dynamic_config"),
            tx => [.. tx.Scan(Tables.DynamicConfig, KeyRange.All<DynamicConfigKey>()).Select(row => StoredValues.Of(row.Value))],
            cancellationToken);

    public async Task<DynamicConfigEntry> SetEntryAsync(DynamicConfigEntry entry, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        TransactionBudget.CheckKey(EmbeddedTables.DynamicConfigName, "key", entry.Key);
        TransactionBudget.CheckKey(EmbeddedTables.DynamicConfigName, "scope_value", entry.ScopeValue);
        TransactionBudget.CheckColumn(EmbeddedTables.DynamicConfigName, "value_json", entry.ValueJson.Length);
        var key = new DynamicConfigKey(entry.Key, entry.Scope, entry.ScopeValue);
        return await transactions.RunAsync(Operation("SetDynamicConfig", key), tx =>
        {
            var existing = CheckVersion(tx, key, expectedVersion);
            var now = transactions.Now();
            var stored = entry with { Version = expectedVersion + 1, UpdatedAt = now };
            tx.Upsert(Tables.DynamicConfig, key, stored);
            Audit(tx, key, existing?.ValueJson, stored.ValueJson, stored.Version, entry.UpdatedBy, now, entry.Reason);
            return stored;
        }, cancellationToken);
    }

    public async Task DeleteEntryAsync(string key, string scope, string scopeValue, long expectedVersion, string changedBy, string reason, CancellationToken cancellationToken = default)
    {
        var rowKey = new DynamicConfigKey(key, scope, scopeValue);
        await transactions.ExecuteAsync(Operation("DeleteDynamicConfig", rowKey), tx =>
        {
            // Absent with expected version 0 is already the asked-for state: nothing to delete, nothing to audit.
            if (CheckVersion(tx, rowKey, expectedVersion) is not { } existing)
            {
                return;
            }
            tx.Delete(Tables.DynamicConfig, rowKey);
            Audit(tx, rowKey, existing.ValueJson, null, expectedVersion + 1, changedBy, transactions.Now(), reason);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<DynamicConfigAuditRecord>> ListAuditAsync(int limit, CancellationToken cancellationToken = default)
    {
        if (limit < 1)
        {
            throw new InvalidPersistenceRequestException($"Audit limit must be at least 1, not {limit}.");
        }
        return await transactions.RunAsync<IReadOnlyList<DynamicConfigAuditRecord>>(
            new PersistenceOperation("ListDynamicConfigAudit", EmbeddedTables.DynamicConfigAuditName, null, "dynamic_config_audit"),
            tx => [.. tx.Scan(Tables.DynamicConfigAudit, KeyRange.All<long>(), limit, descending: true).Select(row => StoredValues.Of(row.Value))],
            cancellationToken);
    }

    private DynamicConfigEntry? CheckVersion(MvccTransaction tx, DynamicConfigKey key, long expectedVersion)
    {
        var existing = tx.Get(Tables.DynamicConfig, key, forUpdate: true);
        var storedVersion = existing?.Version ?? 0;
        if (storedVersion != expectedVersion)
        {
            throw new ConditionFailedException(
                $"Dynamic config {key} is at version {storedVersion}, not the expected {expectedVersion}: someone else changed it; reload and retry.");
        }
        return existing;
    }

    private void Audit(MvccTransaction tx, DynamicConfigKey key, string? oldValue, string? newValue, long newVersion, string changedBy, DateTimeOffset at, string reason)
    {
        var id = ids.NextId();
        tx.Upsert(Tables.DynamicConfigAudit, id,
            new DynamicConfigAuditRecord(id, key.Key, key.Scope, key.ScopeValue, oldValue, newValue, newVersion, changedBy, at, reason));
    }

    private static PersistenceOperation Operation(string name, DynamicConfigKey key) =>
        new(name, EmbeddedTables.DynamicConfigName, null, $"config:{key.Key}/{key.Scope}/{key.ScopeValue}");
}
