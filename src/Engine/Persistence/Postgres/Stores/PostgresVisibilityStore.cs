using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Limits;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Postgres.Sql;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Persistence.Visibility;
using Npgsql;
using static Fencepost.Engine.Persistence.Postgres.Sql.PostgresParameters;

namespace Fencepost.Engine.Persistence.Postgres.Stores;

/// <summary>
/// Visibility rows: upserted by (namespace, run id), listed and counted with <see cref="PostgresVisibilityQueryBuilder"/>.
/// With <paramref name="planWithTheValues"/> (PostgreSQL), a list or count is planned with its own
/// values every time (<see cref="PostgresStatements.PlanWithTheValues"/>): the generic plan of an
/// auto-prepared filter took 7 s at a million runs where the value's own plan took 0.35 s.
/// </summary>
internal sealed class PostgresVisibilityStore(PostgresExecutor executor, bool planWithTheValues = false) : IVisibilityStore
{
    public Task UpsertAsync(VisibilityRecord record, CancellationToken cancellationToken = default)
    {
        TransactionBudget.CheckKey("executions_visibility", "workflow_id", record.WorkflowId);
        TransactionBudget.CheckColumn("executions_visibility", "memo", record.Memo?.Length ?? 0);
        TransactionBudget.CheckColumn("executions_visibility", "search_attributes", record.SearchAttributes?.Length ?? 0);
        return executor.RunAsync(new PersistenceOperation("UpsertVisibility", "executions_visibility", null, $"visibility:{record.RunId}"), async (s, ct) =>
        {
            await using var batch = s.Connection.CreateBatch();
            AddRowWrites(batch, record);
            await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<Page<VisibilityRecord>> ListAsync(Guid namespaceId, VisibilityQuery query, int pageSize, byte[]? pageToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (pageSize < 1)
        {
            throw new InvalidPersistenceRequestException($"pageSize must be at least 1, not {pageSize}.");
        }
        var order = query.OrderBy ?? new VisibilityOrder(VisibilityField.StartTime, Descending: true);
        var after = pageToken is null ? (VisibilityPageToken?)null : VisibilityPageToken.Decode(pageToken, order);
        var built = PostgresVisibilityQueryBuilder.List(namespaceId, query, after, pageSize + 1);
        return executor.RunAsync(new PersistenceOperation("ListVisibility", "executions_visibility", null, $"visibility:{namespaceId}"), async (s, ct) =>
        {
            var rows = await ReadAsync(s, built, PostgresRows.Visibility, ct).ConfigureAwait(false);
            if (rows.Count <= pageSize)
            {
                return new Page<VisibilityRecord>(rows, null);
            }
            rows.RemoveAt(pageSize);
            var last = rows[^1];
            DateTimeOffset? time = order.Field switch
            {
                VisibilityField.CloseTime => last.CloseTime,
                VisibilityField.ExecutionTime => last.ExecutionTime,
                _ => last.StartTime,
            };
            return new Page<VisibilityRecord>(rows, new VisibilityPageToken(order.Field, order.Descending, time, last.RunId).Encode());
        }, cancellationToken);
    }

    public Task<long> CountAsync(Guid namespaceId, VisibilityFilter? filter, CancellationToken cancellationToken = default)
    {
        var built = PostgresVisibilityQueryBuilder.Count(namespaceId, filter);
        return executor.RunAsync(new PersistenceOperation("CountVisibility", "executions_visibility", null, $"visibility:{namespaceId}"),
            async (s, ct) => (await ReadAsync(s, built, r => r.GetInt64(0), ct).ConfigureAwait(false))[0], cancellationToken);
    }

    public async Task<IReadOnlyDictionary<int, long>> CountByStatusAsync(Guid namespaceId, VisibilityFilter? filter, CancellationToken cancellationToken = default)
    {
        var built = PostgresVisibilityQueryBuilder.CountByStatus(namespaceId, filter);
        var rows = await executor.RunAsync(new PersistenceOperation("CountVisibilityByStatus", "executions_visibility", null, $"visibility:{namespaceId}"),
            (s, ct) => ReadAsync(s, built, r => (Status: r.GetInt32(0), Count: r.GetInt64(1)), ct), cancellationToken).ConfigureAwait(false);
        return rows.Where(r => r.Count > 0).ToDictionary(r => r.Status, r => r.Count);
    }

    /// <summary>
    /// A built list or count: one autocommit query, or on PostgreSQL one round trip of BEGIN, the
    /// plan setting, the query and COMMIT.
    /// </summary>
    private async Task<List<T>> ReadAsync<T>(PostgresSession session, PostgresVisibilityQueryBuilder built, Func<NpgsqlDataReader, T> map, CancellationToken ct)
    {
        if (!planWithTheValues)
        {
            return await session.QueryAsync(built.Sql, map, ct, built.Parameters).ConfigureAwait(false);
        }
        await using var batch = session.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(PostgresStatements.PlanWithTheValues));
        batch.BatchCommands.Add(PostgresSession.Command(built.Sql, built.Parameters));
        PostgresSession.AddCommit(batch);
        var rows = new List<T>();
        await using (var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            // BEGIN and SET return no rows: the reader starts at the query's.
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                rows.Add(map(reader));
            }
            while (await reader.NextResultAsync(ct).ConfigureAwait(false))
            {
            }
        }
        session.MarkCommitted();
        return rows;
    }

    public Task<VisibilityRecord?> GetAsync(Guid namespaceId, Guid runId, CancellationToken cancellationToken = default) =>
        executor.RunAsync(new PersistenceOperation("GetVisibility", "executions_visibility", null, $"visibility:{runId}"),
            (s, ct) => s.QuerySingleAsync(PostgresStatements.SelectVisibility, PostgresRows.Visibility, ct, Uuid(namespaceId), Uuid(runId)), cancellationToken);

    public Task DeleteAsync(Guid namespaceId, Guid runId, CancellationToken cancellationToken = default) =>
        executor.RunAsync(new PersistenceOperation("DeleteVisibility", "executions_visibility", null, $"visibility:{runId}"), async (s, ct) =>
        {
            await using var batch = s.Connection.CreateBatch();
            batch.BatchCommands.Add(PostgresSession.Command(PostgresStatements.DeleteVisibility, Uuid(namespaceId), Uuid(runId)));
            batch.BatchCommands.Add(PostgresSession.Command(PostgresStatements.DeleteSearchAttributeValues, Uuid(namespaceId), Uuid(runId)));
            await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// The visibility row and, when the run has search attributes, its typed values: the stored
    /// ones are replaced (deleted and inserted again, in the same transaction).
    /// </summary>
    internal static void AddRowWrites(NpgsqlBatch batch, VisibilityRecord record)
    {
        batch.BatchCommands.Add(RowWrite(record));
        if (record.Attributes is not { } values)
        {
            return;
        }
        batch.BatchCommands.Add(PostgresSession.Command(PostgresStatements.DeleteSearchAttributeValues, Uuid(record.NamespaceId), Uuid(record.RunId)));
        foreach (var v in values)
        {
            batch.BatchCommands.Add(PostgresSession.Command(PostgresStatements.InsertSearchAttributeValue, Uuid(record.NamespaceId), Uuid(record.RunId),
                Text(v.Name), Int(v.Ordinal), NullableText(v.Keyword), NullableText(v.Text), NullableLong(v.Int), NullableDouble(v.Double), NullableTime(v.Time)));
        }
    }

    internal static NpgsqlBatchCommand RowWrite(VisibilityRecord v) =>
        PostgresSession.Command(PostgresStatements.UpsertVisibility, Uuid(v.NamespaceId), Text(v.WorkflowId), Uuid(v.RunId), Text(v.WorkflowType),
            Text(v.TaskQueue), Int(v.Status), Time(v.StartTime), Time(v.ExecutionTime), NullableTime(v.CloseTime), Long(v.HistoryLength),
            NullableBytes(v.Memo), NullableBytes(v.SearchAttributes), NullableText(v.ParentWorkflowId), NullableUuid(v.ParentRunId));
}
