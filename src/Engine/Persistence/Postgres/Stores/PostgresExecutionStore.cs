using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Postgres.Sql;
using Fencepost.Engine.Persistence.Stores;
using Npgsql;
using static Fencepost.Engine.Persistence.Postgres.Sql.PostgresParameters;

namespace Fencepost.Engine.Persistence.Postgres.Stores;

/// <summary>
/// Runs and the fenced shard write. A ShardWrite is two round trips: (1) BEGIN, the shard row FOR
/// UPDATE (the fence), every updated run's row FOR UPDATE and every current-run row it depends on
/// FOR UPDATE, all in one batch; the conditions are checked here from those results
/// (<see cref="PostgresShardWriteCheck"/>), and (2) all writes plus COMMIT in a second batch. With
/// a <see cref="ShardWriteCombiner"/>, writes of different shards waiting at the same time share
/// one such transaction, each with its own fence and conditions. Single-table FOR UPDATE only (DSQL refuses JOIN ... FOR
/// UPDATE). Under DSQL the locked rows join the commit-time conflict check; PostgreSQL locks them,
/// so a concurrent writer waits and then gets 40001 at REPEATABLE READ, which the runner retries.
/// </summary>
internal sealed class PostgresExecutionStore(PostgresExecutor executor, ShardWriteCombiner? combiner) : IExecutionStore
{
    public Task WriteAsync(ShardWriteRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return combiner?.WriteAsync(request, cancellationToken) ?? WriteUncombinedAsync(request, cancellationToken);
    }

    public async Task WriteWhenReadyAsync(int shardId, Func<ShardWriteRequest> bind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bind);
        // Without a combiner nothing waits in between: "ready" is now.
        await (combiner?.WriteWhenReadyAsync(shardId, bind, cancellationToken) ?? WriteUncombinedAsync(bind(), cancellationToken)).ConfigureAwait(false);
    }

    private async Task WriteUncombinedAsync(ShardWriteRequest request, CancellationToken cancellationToken)
    {
        ShardWriteValidator.Validate(request);
        await (ShardWriteValidator.MeasureOneTransaction(request) is null
            ? WriteOversizedAsync(request, cancellationToken)
            : WriteAloneAsync(request, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>One validated request that fits one transaction, its own transaction.</summary>
    internal Task WriteAloneAsync(ShardWriteRequest request, CancellationToken cancellationToken) =>
        executor.RunAsync(OperationFor([request]), (s, ct) => WriteOnceAsync(s, [(request, request.History)], ct), cancellationToken);

    /// <summary>
    /// One validated request whose history alone is too big for one transaction: the nodes are
    /// written ahead (invisible until next_event_id covers them; upserts, so a retried or abandoned
    /// attempt's nodes are simply replaced), then the rest in one transaction.
    /// </summary>
    internal async Task WriteOversizedAsync(ShardWriteRequest request, CancellationToken cancellationToken)
    {
        await PostgresHistoryStore.WriteNodesAheadAsync(executor, request.ShardId, request.History, cancellationToken).ConfigureAwait(false);
        await executor.RunAsync(OperationFor([request]), (s, ct) => WriteOnceAsync(s, [(request, [])], ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Several shards' requests (each validated, each fitting), all in one transaction or none.</summary>
    internal Task WriteTogetherAsync(IReadOnlyList<ShardWriteRequest> requests, CancellationToken cancellationToken) =>
        executor.RunAsync(OperationFor(requests), (s, ct) => WriteOnceAsync(s, requests.Select(r => (r, (IReadOnlyList<HistoryNode>)r.History)).ToList(), ct), cancellationToken);

    /// <summary>Recorded as one ShardWrite however many shards it carries, so transactions per workflow counts commits.</summary>
    private static PersistenceOperation OperationFor(IReadOnlyList<ShardWriteRequest> requests) => requests.Count == 1
        ? new PersistenceOperation("ShardWrite", "shards", requests[0].ShardId, $"shard:{requests[0].ShardId}")
        : new PersistenceOperation("ShardWrite", "shards", null, $"shard:{string.Join('+', requests.Select(r => r.ShardId))}");

    public Task<WorkflowExecutionRecord?> GetExecutionAsync(int shardId, Guid namespaceId, string workflowId, Guid runId, CancellationToken cancellationToken = default) =>
        executor.RunAsync(new PersistenceOperation("GetExecution", "executions", shardId, $"execution:{workflowId}"),
            (s, ct) => s.QuerySingleAsync(PostgresStatements.SelectExecution, PostgresRows.Execution, ct,
                Int(shardId), Uuid(namespaceId), Text(workflowId), Uuid(runId)), cancellationToken);

    public Task<CurrentExecutionRecord?> GetCurrentExecutionAsync(int shardId, Guid namespaceId, string workflowId, CancellationToken cancellationToken = default) =>
        executor.RunAsync(new PersistenceOperation("GetCurrentExecution", "current_executions", shardId, $"current:{workflowId}"),
            (s, ct) => s.QuerySingleAsync(PostgresStatements.SelectCurrent, PostgresRows.Current, ct,
                Int(shardId), Uuid(namespaceId), Text(workflowId)), cancellationToken);

    public Task DeleteExecutionAsync(int shardId, long rangeId, Guid namespaceId, string workflowId, Guid runId, CancellationToken cancellationToken = default) =>
        executor.RunAsync(new PersistenceOperation("DeleteExecution", "executions", shardId, $"execution:{workflowId}"), async (s, ct) =>
        {
            await using (var fence = s.CreateBatch())
            {
                fence.BatchCommands.Add(PostgresSession.Command(PostgresStatements.SelectShardRangeIdForUpdate, Int(shardId)));
                await using var reader = await fence.ExecuteReaderAsync(ct).ConfigureAwait(false);
                var rows = new PostgresRowSets(reader);
                CheckFence(shardId, rangeId, await ReadNullableLongAsync(rows, ct).ConfigureAwait(false));
            }
            await using var writes = s.CreateBatch();
            writes.BatchCommands.Add(PostgresSession.Command(PostgresStatements.DeleteExecution, Int(shardId), Uuid(namespaceId), Text(workflowId), Uuid(runId)));
            writes.BatchCommands.Add(PostgresSession.Command(PostgresStatements.DeleteCurrentIfRun, Int(shardId), Uuid(namespaceId), Text(workflowId), Uuid(runId)));
            writes.BatchCommands.Add(PostgresSession.Command(PostgresStatements.DeleteVisibility, Uuid(namespaceId), Uuid(runId)));
            writes.BatchCommands.Add(PostgresSession.Command(PostgresStatements.DeleteSearchAttributeValues, Uuid(namespaceId), Uuid(runId)));
            await s.CommitBatchAsync(writes, ct).ConfigureAwait(false);
        }, cancellationToken);

    private static async Task<bool> WriteOnceAsync(PostgresSession session, List<(ShardWriteRequest Request, IReadOnlyList<HistoryNode> History)> writes, CancellationToken ct)
    {
        // Round trip 1: every request's fence and every row its conditions depend on, locked.
        var checks = new List<PostgresShardWriteCheck>(writes.Count);
        await using (var reads = session.CreateBatch())
        {
            foreach (var (request, _) in writes)
            {
                var check = new PostgresShardWriteCheck(request);
                check.AddReads(reads);
                checks.Add(check);
            }
            await using var reader = await reads.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var rows = new PostgresRowSets(reader);
            foreach (var check in checks)
            {
                await check.ReadAndCheckAsync(rows, ct).ConfigureAwait(false);
            }
        }

        // Round trip 2: every write, then COMMIT.
        await using var batch = session.CreateBatch();
        foreach (var (request, history) in writes)
        {
            AddWrites(batch, request, history);
        }
        try
        {
            await session.CommitBatchAsync(batch, ct).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            var shards = string.Join(", ", writes.Select(w => w.Request.ShardId));
            throw new ConditionFailedException($"Shard {shards} write inserts a row that exists already ({ex.ConstraintName}): {ex.MessageText}") { SqlState = ex.SqlState };
        }
        return true;
    }

    private static void AddWrites(NpgsqlBatch writes, ShardWriteRequest request, IReadOnlyList<HistoryNode> history)
    {
        foreach (var update in request.Updates)
        {
            writes.BatchCommands.Add(ExecutionWrite(PostgresStatements.UpdateExecution, update.Execution));
            if (update.Current is { } current)
            {
                writes.BatchCommands.Add(CurrentWrite(current));
            }
        }
        foreach (var create in request.Creates)
        {
            writes.BatchCommands.Add(ExecutionWrite(PostgresStatements.InsertExecution, create.Execution));
            writes.BatchCommands.Add(CurrentWrite(create.Current));
        }
        foreach (var node in history)
        {
            writes.BatchCommands.Add(PostgresHistoryStore.NodeWrite(request.ShardId, node));
        }
        foreach (var task in request.Tasks)
        {
            writes.BatchCommands.Add(PostgresShardTaskStore.TaskWrite(request.ShardId, task));
        }
        foreach (var visibility in request.Visibility)
        {
            PostgresVisibilityStore.AddRowWrites(writes, visibility);
        }
    }

    internal static void CheckFence(int shardId, long expectedRangeId, long? actual)
    {
        if (actual != expectedRangeId)
        {
            throw new ShardOwnershipLostException(shardId, expectedRangeId, actual);
        }
    }

    internal static async Task<long?> ReadNullableLongAsync(PostgresRowSets rows, CancellationToken ct)
    {
        await rows.MoveNextAsync(ct).ConfigureAwait(false);
        return await rows.Reader.ReadAsync(ct).ConfigureAwait(false) ? rows.Reader.GetInt64(0) : null;
    }

    private static NpgsqlBatchCommand ExecutionWrite(string sql, WorkflowExecutionRecord e) =>
        PostgresSession.Command(sql, Int(e.ShardId), Uuid(e.NamespaceId), Text(e.WorkflowId), Uuid(e.RunId),
            Long(e.NextEventId), Long(e.DbRecordVersion), Int((int)e.State), Int(e.Status), Time(e.StartTime), Bytes(e.Data));

    private static NpgsqlBatchCommand CurrentWrite(CurrentExecutionRecord c) =>
        PostgresSession.Command(PostgresStatements.UpsertCurrent, Int(c.ShardId), Uuid(c.NamespaceId), Text(c.WorkflowId), Uuid(c.RunId),
            Text(c.CreateRequestId), Int((int)c.State), Int(c.Status), Time(c.StartTime));
}
