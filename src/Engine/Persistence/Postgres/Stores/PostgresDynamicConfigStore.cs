using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Ids;
using Fencepost.Engine.Persistence.Limits;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Postgres.Sql;
using Fencepost.Engine.Persistence.Stores;
using Npgsql;
using static Fencepost.Engine.Persistence.Postgres.Sql.PostgresParameters;

namespace Fencepost.Engine.Persistence.Postgres.Stores;

/// <summary>
/// Versioned config rows: the row is read FOR UPDATE, its version compared, and the change plus its
/// audit record (a Snowflake id: no sequences) committed in the same batch.
/// </summary>
internal sealed class PostgresDynamicConfigStore(PostgresExecutor executor, SnowflakeIdGenerator ids) : IDynamicConfigStore
{
    private static PersistenceOperation Op(string name, string key, string scope, string scopeValue) =>
        new(name, "dynamic_config", null, $"config:{key}/{scope}/{scopeValue}");

    public async Task<IReadOnlyList<DynamicConfigEntry>> ListEntriesAsync(CancellationToken cancellationToken = default) =>
        await executor.RunAsync(new PersistenceOperation("ListDynamicConfig", "dynamic_config", null, "config"),
            (s, ct) => s.QueryAsync(PostgresStatements.SelectConfigEntries, PostgresRows.ConfigEntry, ct), cancellationToken).ConfigureAwait(false);

    public Task<DynamicConfigEntry> SetEntryAsync(DynamicConfigEntry entry, long expectedVersion, CancellationToken cancellationToken = default)
    {
        TransactionBudget.CheckKey("dynamic_config", "key", entry.Key);
        TransactionBudget.CheckColumn("dynamic_config", "value_json", System.Text.Encoding.UTF8.GetByteCount(entry.ValueJson));
        return executor.RunAsync(Op("SetDynamicConfig", entry.Key, entry.Scope, entry.ScopeValue), async (s, ct) =>
        {
            var previous = await ReadForUpdateAsync(s, entry.Key, entry.Scope, entry.ScopeValue, expectedVersion, ct).ConfigureAwait(false);
            var stored = entry with { Version = expectedVersion + 1, UpdatedAt = ToMicroseconds(entry.UpdatedAt) };
            await using var writes = s.CreateBatch();
            writes.BatchCommands.Add(PostgresSession.Command(previous is null ? PostgresStatements.InsertConfigEntry : PostgresStatements.UpdateConfigEntry,
                Text(stored.Key), Text(stored.Scope), Text(stored.ScopeValue), Text(stored.ValueJson), Long(stored.Version),
                Text(stored.UpdatedBy), Time(stored.UpdatedAt), Text(stored.Reason)));
            writes.BatchCommands.Add(Audit(stored.Key, stored.Scope, stored.ScopeValue, previous, stored.ValueJson, stored.Version, stored.UpdatedBy, stored.UpdatedAt, stored.Reason));
            await CommitAsync(s, writes, entry.Key, ct).ConfigureAwait(false);
            return stored;
        }, cancellationToken);
    }

    public Task DeleteEntryAsync(string key, string scope, string scopeValue, long expectedVersion, string changedBy, string reason, CancellationToken cancellationToken = default) =>
        executor.RunAsync(Op("DeleteDynamicConfig", key, scope, scopeValue), async (s, ct) =>
        {
            var previous = await ReadForUpdateAsync(s, key, scope, scopeValue, expectedVersion, ct).ConfigureAwait(false)
                ?? throw new ConditionFailedException($"Dynamic config {key}/{scope}/{scopeValue} does not exist.");
            await using var writes = s.CreateBatch();
            writes.BatchCommands.Add(PostgresSession.Command(PostgresStatements.DeleteConfigEntry, Text(key), Text(scope), Text(scopeValue)));
            writes.BatchCommands.Add(Audit(key, scope, scopeValue, previous, null, expectedVersion + 1, changedBy, executor.Time.GetUtcNow(), reason));
            await CommitAsync(s, writes, key, ct).ConfigureAwait(false);
        }, cancellationToken);

    public async Task<IReadOnlyList<DynamicConfigAuditRecord>> ListAuditAsync(int limit, CancellationToken cancellationToken = default)
    {
        if (limit < 1)
        {
            throw new InvalidPersistenceRequestException($"limit must be at least 1, not {limit}.");
        }
        return await executor.RunAsync(new PersistenceOperation("ListDynamicConfigAudit", "dynamic_config_audit", null, "config"),
            (s, ct) => s.QueryAsync(PostgresStatements.SelectConfigAudit, PostgresRows.ConfigAudit, ct, Int(limit)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The stored value (null when absent), after checking the stored version is <paramref name="expectedVersion"/>.</summary>
    private static async Task<string?> ReadForUpdateAsync(PostgresSession s, string key, string scope, string scopeValue, long expectedVersion, CancellationToken ct)
    {
        await using var batch = s.CreateBatch();
        batch.BatchCommands.Add(PostgresSession.Command(PostgresStatements.SelectConfigEntryForUpdate, Text(key), Text(scope), Text(scopeValue)));
        await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new PostgresRowSets(reader);
        await rows.MoveNextAsync(ct).ConfigureAwait(false);
        string? value = null;
        long version = 0;
        if (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            value = reader.GetString(0);
            version = reader.GetInt64(1);
        }
        if (version != expectedVersion)
        {
            throw new ConditionFailedException($"Dynamic config {key}/{scope}/{scopeValue} is at version {version}, not {expectedVersion}.");
        }
        return value;
    }

    private NpgsqlBatchCommand Audit(string key, string scope, string scopeValue, string? oldValue, string? newValue, long newVersion, string changedBy, DateTimeOffset at, string reason) =>
        PostgresSession.Command(PostgresStatements.InsertConfigAudit, Long(ids.NextId()), Text(key), Text(scope), Text(scopeValue),
            NullableText(oldValue), NullableText(newValue), Long(newVersion), Text(changedBy), Time(at), Text(reason));

    private static async Task CommitAsync(PostgresSession s, NpgsqlBatch writes, string key, CancellationToken ct)
    {
        try
        {
            await s.CommitBatchAsync(writes, ct).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // A concurrent creator inserted the same key first (PostgreSQL reports it after waiting).
            throw new ConditionFailedException($"Dynamic config {key} was created concurrently.") { SqlState = ex.SqlState };
        }
    }
}
