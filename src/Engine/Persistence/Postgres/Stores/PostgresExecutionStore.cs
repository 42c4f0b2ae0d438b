using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Postgres.Sql;
using Fencepost.Engine.Persistence.Stores;
using Npgsql;
using static Fencepost.Engine.Persistence.Postgres.Sql.PostgresParameters;

namespace Fencepost.Engine.Persistence.Postgres.Stores;

/// <summary>
/// Runs and the fenced shard write. A ShardWrite is two round trips: (1) BEGIN, the shard row
/// FOR UPDATE (the fence), every updated run's row FOR UPDATE and every current-run row it depends
/// on FOR UPDATE, all in one batch; the conditions are checked here from those results, and (2) all
/// writes plus COMMIT in a second batch. Single-table FOR UPDATE only (DSQL refuses JOIN ... FOR
/// UPDATE). Under DSQL the locked rows join the commit-time conflict check; PostgreSQL locks them,
/// so a concurrent writer waits and then gets 40001 at REPEATABLE READ, which the runner retries.
/// </summary>
internal sealed class PostgresExecutionStore(PostgresExecutor executor) : IExecutionStore
{
    public async Task WriteAsync(ShardWriteRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ShardWriteValidator.Validate(request);
        var operation = new PersistenceOperation("ShardWrite", "shards", request.ShardId, $"shard:{request.ShardId}");
        if (ShardWriteValidator.FitsInOneTransaction(request))
        {
            await executor.RunAsync(operation, (s, ct) => WriteOnceAsync(s, request, request.History, ct), cancellationToken).ConfigureAwait(false);
            return;
        }
        // Only the history is too big: write the nodes ahead (invisible until next_event_id covers
        // them; upserts, so a retried or abandoned attempt's nodes are simply replaced).
        await PostgresHistoryStore.WriteNodesAheadAsync(executor, request.ShardId, request.History, cancellationToken).ConfigureAwait(false);
        await executor.RunAsync(operation, (s, ct) => WriteOnceAsync(s, request, [], ct), cancellationToken).ConfigureAwait(false);
    }

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
            await s.CommitBatchAsync(writes, ct).ConfigureAwait(false);
        }, cancellationToken);

    private static async Task<bool> WriteOnceAsync(PostgresSession session, ShardWriteRequest request, IReadOnlyList<HistoryNode> history, CancellationToken ct)
    {
        // Round trip 1: the fence and every row a condition depends on, locked.
        var currentKeys = new List<(Guid NamespaceId, string WorkflowId)>();
        foreach (var update in request.Updates)
        {
            if (update.Current is not null)
            {
                AddOnce(currentKeys, (update.Execution.NamespaceId, update.Execution.WorkflowId));
            }
        }
        foreach (var create in request.Creates)
        {
            AddOnce(currentKeys, (create.Execution.NamespaceId, create.Execution.WorkflowId));
        }

        var currents = new Dictionary<(Guid, string), CurrentExecutionRecord?>();
        await using (var reads = session.CreateBatch())
        {
            reads.BatchCommands.Add(PostgresSession.Command(PostgresStatements.SelectShardRangeIdForUpdate, Int(request.ShardId)));
            foreach (var update in request.Updates)
            {
                reads.BatchCommands.Add(ExecutionVersionQuery(update.Execution));
            }
            foreach (var create in request.Creates)
            {
                reads.BatchCommands.Add(ExecutionVersionQuery(create.Execution));
            }
            foreach (var (namespaceId, workflowId) in currentKeys)
            {
                reads.BatchCommands.Add(PostgresSession.Command(PostgresStatements.SelectCurrentForUpdate, Int(request.ShardId), Uuid(namespaceId), Text(workflowId)));
            }
            await using var reader = await reads.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var rows = new PostgresRowSets(reader);
            CheckFence(request.ShardId, request.RangeId, await ReadNullableLongAsync(rows, ct).ConfigureAwait(false));
            foreach (var update in request.Updates)
            {
                var stored = await ReadNullableLongAsync(rows, ct).ConfigureAwait(false);
                if (stored is null)
                {
                    throw new EntityNotFoundException($"Run {update.Execution.WorkflowId}/{update.Execution.RunId} does not exist.");
                }
                if (stored != update.ExpectedDbRecordVersion)
                {
                    throw new ConditionFailedException(
                        $"Run {update.Execution.WorkflowId}/{update.Execution.RunId} is at db_record_version {stored}, not {update.ExpectedDbRecordVersion}.");
                }
            }
            foreach (var create in request.Creates)
            {
                if (await ReadNullableLongAsync(rows, ct).ConfigureAwait(false) is not null)
                {
                    throw new ConditionFailedException($"Run {create.Execution.WorkflowId}/{create.Execution.RunId} exists already.");
                }
            }
            foreach (var key in currentKeys)
            {
                currents[key] = await rows.ReadRowAsync(PostgresRows.Current, ct).ConfigureAwait(false);
            }
        }

        // The conditions, in the order the writes apply: updates first, then creates.
        foreach (var update in request.Updates)
        {
            if (update.Current is { } newCurrent)
            {
                var key = (update.Execution.NamespaceId, update.Execution.WorkflowId);
                if (currents[key] is not { } existing || existing.RunId != update.Execution.RunId)
                {
                    throw new ConditionFailedException(
                        $"The current run of {update.Execution.WorkflowId} is {currents[key]?.RunId.ToString() ?? "(none)"}, not {update.Execution.RunId}.");
                }
                currents[key] = newCurrent;
            }
        }
        foreach (var create in request.Creates)
        {
            var key = (create.Execution.NamespaceId, create.Execution.WorkflowId);
            CheckCreate(create, currents[key]);
            currents[key] = create.Current;
        }

        // Round trip 2: every write, then COMMIT.
        await using var writes = session.CreateBatch();
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
            writes.BatchCommands.Add(PostgresVisibilityStore.RowWrite(visibility));
        }
        try
        {
            await session.CommitBatchAsync(writes, ct).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ConditionFailedException($"Shard {request.ShardId} write inserts a row that exists already ({ex.ConstraintName}): {ex.MessageText}") { SqlState = ex.SqlState };
        }
        return true;
    }

    private static void CheckCreate(ExecutionCreate create, CurrentExecutionRecord? current)
    {
        switch (create.Mode)
        {
            case CreateMode.BrandNew:
                if (current is not null)
                {
                    throw new WorkflowAlreadyStartedException(current);
                }
                break;
            case CreateMode.WorkflowIdReuse:
                if (current is null)
                {
                    throw new ConditionFailedException($"Id reuse of {create.Execution.WorkflowId} expected current run {create.PreviousRunId}, but there is none.");
                }
                if (current.RunId != create.PreviousRunId || current.State != WorkflowExecutionState.Completed)
                {
                    throw new WorkflowAlreadyStartedException(current);
                }
                break;
            case CreateMode.ContinueAsNew:
                if (current is null || current.RunId != create.PreviousRunId)
                {
                    throw new ConditionFailedException(
                        $"Continue-as-new of {create.Execution.WorkflowId} expected current run {create.PreviousRunId}, found {current?.RunId.ToString() ?? "(none)"}.");
                }
                break;
            default:
                throw new InvalidPersistenceRequestException($"Unknown create mode {create.Mode}.");
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

    private static void AddOnce(List<(Guid, string)> keys, (Guid, string) key)
    {
        if (!keys.Contains(key))
        {
            keys.Add(key);
        }
    }

    private static NpgsqlBatchCommand ExecutionVersionQuery(WorkflowExecutionRecord e) =>
        PostgresSession.Command(PostgresStatements.SelectExecutionVersionForUpdate, Int(e.ShardId), Uuid(e.NamespaceId), Text(e.WorkflowId), Uuid(e.RunId));

    private static NpgsqlBatchCommand ExecutionWrite(string sql, WorkflowExecutionRecord e) =>
        PostgresSession.Command(sql, Int(e.ShardId), Uuid(e.NamespaceId), Text(e.WorkflowId), Uuid(e.RunId),
            Long(e.NextEventId), Long(e.DbRecordVersion), Int((int)e.State), Int(e.Status), Time(e.StartTime), Bytes(e.Data));

    private static NpgsqlBatchCommand CurrentWrite(CurrentExecutionRecord c) =>
        PostgresSession.Command(PostgresStatements.UpsertCurrent, Int(c.ShardId), Uuid(c.NamespaceId), Text(c.WorkflowId), Uuid(c.RunId),
            Text(c.CreateRequestId), Int((int)c.State), Int(c.Status), Time(c.StartTime));
}
