using System.Text;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Limits;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Postgres.Sql;
using Fencepost.Engine.Persistence.Stores;
using Npgsql;
using static Fencepost.Engine.Persistence.Postgres.Sql.PostgresParameters;

namespace Fencepost.Engine.Persistence.Postgres.Stores;

/// <summary>
/// Namespaces, keyed by id with a unique index on name: a taken id or name fails the insert with
/// 23505 (PostgreSQL: after waiting for a concurrent creator; DSQL: a concurrent creator of the same
/// key conflicts at commit, the retry then sees 23505), reported as EntityAlreadyExists.
/// </summary>
internal sealed class PostgresNamespaceStore(PostgresExecutor executor) : INamespaceStore
{
    public Task CreateNamespaceAsync(NamespaceRecord record, CancellationToken cancellationToken = default)
    {
        TransactionBudget.CheckKey("namespaces", "name", record.Name);
        TransactionBudget.CheckColumn("namespaces", "data", record.Data.Length);
        return executor.RunAsync(new PersistenceOperation("CreateNamespace", "namespaces", null, $"namespace:{record.Name}"), async (s, ct) =>
        {
            try
            {
                await s.ExecuteAsync(PostgresStatements.InsertNamespace, ct, Uuid(record.Id), Text(record.Name), Long(record.NotificationVersion), Bytes(record.Data)).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new EntityAlreadyExistsException($"Namespace '{record.Name}' ({record.Id}): the name or id is taken.") { SqlState = ex.SqlState };
            }
        }, cancellationToken);
    }

    public Task<NamespaceRecord?> GetNamespaceByNameAsync(string name, CancellationToken cancellationToken = default) =>
        executor.RunAsync(new PersistenceOperation("GetNamespace", "namespaces", null, $"namespace:{name}"),
            (s, ct) => s.QuerySingleAsync(PostgresStatements.SelectNamespaceByName, PostgresRows.Namespace, ct, Text(name)), cancellationToken);

    public Task<NamespaceRecord?> GetNamespaceByIdAsync(Guid id, CancellationToken cancellationToken = default) =>
        executor.RunAsync(new PersistenceOperation("GetNamespace", "namespaces", null, $"namespace:{id}"),
            (s, ct) => s.QuerySingleAsync(PostgresStatements.SelectNamespaceById, PostgresRows.Namespace, ct, Uuid(id)), cancellationToken);

    public Task<Page<NamespaceRecord>> ListNamespacesAsync(int pageSize, byte[]? pageToken, CancellationToken cancellationToken = default)
    {
        if (pageSize < 1)
        {
            throw new InvalidPersistenceRequestException($"pageSize must be at least 1, not {pageSize}.");
        }
        string? after = null;
        if (pageToken is not null)
        {
            try
            {
                after = new UTF8Encoding(false, true).GetString(pageToken);
            }
            catch (DecoderFallbackException)
            {
                throw new InvalidPersistenceRequestException("The namespace page token is not one this store issued.");
            }
        }
        return executor.RunAsync(new PersistenceOperation("ListNamespaces", "namespaces", null, "namespaces"), async (s, ct) =>
        {
            var rows = after is null
                ? await s.QueryAsync(PostgresStatements.SelectNamespacesFirst, PostgresRows.Namespace, ct, Int(pageSize + 1)).ConfigureAwait(false)
                : await s.QueryAsync(PostgresStatements.SelectNamespacesAfter, PostgresRows.Namespace, ct, Text(after), Int(pageSize + 1)).ConfigureAwait(false);
            if (rows.Count <= pageSize)
            {
                return new Page<NamespaceRecord>(rows, null);
            }
            rows.RemoveAt(pageSize);
            return new Page<NamespaceRecord>(rows, Encoding.UTF8.GetBytes(rows[^1].Name));
        }, cancellationToken);
    }

    public Task UpdateNamespaceAsync(NamespaceRecord record, long expectedNotificationVersion, CancellationToken cancellationToken = default)
    {
        TransactionBudget.CheckColumn("namespaces", "data", record.Data.Length);
        return executor.RunAsync(new PersistenceOperation("UpdateNamespace", "namespaces", null, $"namespace:{record.Name}"), async (s, ct) =>
        {
            int updated;
            try
            {
                updated = await s.ExecuteAsync(PostgresStatements.UpdateNamespace, ct,
                    Uuid(record.Id), Text(record.Name), Long(expectedNotificationVersion), Long(record.NotificationVersion), Bytes(record.Data)).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new EntityAlreadyExistsException($"Namespace name '{record.Name}' is taken by another namespace.") { SqlState = ex.SqlState };
            }
            if (updated == 1)
            {
                return;
            }
            var existing = await s.QuerySingleAsync(PostgresStatements.SelectNamespaceById, PostgresRows.Namespace, ct, Uuid(record.Id)).ConfigureAwait(false);
            throw existing is null
                ? new EntityNotFoundException($"Namespace {record.Id} ('{record.Name}') does not exist.")
                : new ConditionFailedException($"Namespace '{record.Name}' is at notification version {existing.NotificationVersion}, not {expectedNotificationVersion}.");
        }, cancellationToken);
    }
}
