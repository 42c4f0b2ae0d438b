using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Postgres.Sql;
using Fencepost.Engine.Persistence.Stores;
using Npgsql;
using static Fencepost.Engine.Persistence.Postgres.Sql.PostgresParameters;

namespace Fencepost.Engine.Persistence.Postgres.Stores;

/// <summary>
/// One shard write's conditions: the reads that lock its fence and every row a condition depends
/// on (added to the transaction's first batch, possibly beside other shards' checks), then the
/// checks from what they returned, which throw the condition's own error.
/// </summary>
internal sealed class PostgresShardWriteCheck
{
    private readonly ShardWriteRequest _request;
    private readonly List<(Guid NamespaceId, string WorkflowId)> _currentKeys = [];

    public PostgresShardWriteCheck(ShardWriteRequest request)
    {
        _request = request;
        foreach (var update in request.Updates)
        {
            if (update.Current is not null)
            {
                AddOnce((update.Execution.NamespaceId, update.Execution.WorkflowId));
            }
        }
        foreach (var create in request.Creates)
        {
            AddOnce((create.Execution.NamespaceId, create.Execution.WorkflowId));
        }
    }

    /// <summary>The shard row FOR UPDATE (the fence), each updated or created run's version and each current-run row, in that order.</summary>
    public void AddReads(NpgsqlBatch reads)
    {
        reads.BatchCommands.Add(PostgresSession.Command(PostgresStatements.SelectShardRangeIdForUpdate, Int(_request.ShardId)));
        foreach (var update in _request.Updates)
        {
            reads.BatchCommands.Add(ExecutionVersionQuery(update.Execution));
        }
        foreach (var create in _request.Creates)
        {
            reads.BatchCommands.Add(ExecutionVersionQuery(create.Execution));
        }
        foreach (var (namespaceId, workflowId) in _currentKeys)
        {
            reads.BatchCommands.Add(PostgresSession.Command(PostgresStatements.SelectCurrentForUpdate, Int(_request.ShardId), Uuid(namespaceId), Text(workflowId)));
        }
    }

    /// <summary>Reads this check's row sets (in <see cref="AddReads"/>'s order) and throws the first condition that fails.</summary>
    public async Task ReadAndCheckAsync(PostgresRowSets rows, CancellationToken ct)
    {
        PostgresExecutionStore.CheckFence(_request.ShardId, _request.RangeId, await PostgresExecutionStore.ReadNullableLongAsync(rows, ct).ConfigureAwait(false));
        foreach (var update in _request.Updates)
        {
            var stored = await PostgresExecutionStore.ReadNullableLongAsync(rows, ct).ConfigureAwait(false);
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
        foreach (var create in _request.Creates)
        {
            if (await PostgresExecutionStore.ReadNullableLongAsync(rows, ct).ConfigureAwait(false) is not null)
            {
                throw new ConditionFailedException($"Run {create.Execution.WorkflowId}/{create.Execution.RunId} exists already.");
            }
        }
        var currents = new Dictionary<(Guid, string), CurrentExecutionRecord?>();
        foreach (var key in _currentKeys)
        {
            currents[key] = await rows.ReadRowAsync(PostgresRows.Current, ct).ConfigureAwait(false);
        }
        CheckCurrents(currents);
    }

    /// <summary>The current-run conditions, in the order the writes apply: updates first, then creates.</summary>
    private void CheckCurrents(Dictionary<(Guid, string), CurrentExecutionRecord?> currents)
    {
        foreach (var update in _request.Updates)
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
        foreach (var create in _request.Creates)
        {
            var key = (create.Execution.NamespaceId, create.Execution.WorkflowId);
            CreateModeCondition.Check(create, currents[key]);
            currents[key] = create.Current;
        }
    }

    private void AddOnce((Guid, string) key)
    {
        if (!_currentKeys.Contains(key))
        {
            _currentKeys.Add(key);
        }
    }

    private static NpgsqlBatchCommand ExecutionVersionQuery(WorkflowExecutionRecord e) =>
        PostgresSession.Command(PostgresStatements.SelectExecutionVersionForUpdate, Int(e.ShardId), Uuid(e.NamespaceId), Text(e.WorkflowId), Uuid(e.RunId));
}
