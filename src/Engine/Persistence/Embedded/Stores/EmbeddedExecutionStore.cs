using Fencepost.Engine.Persistence.Embedded.Keys;
using Fencepost.Engine.Persistence.Embedded.Mvcc;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.Persistence.Embedded.Stores;

internal sealed class EmbeddedExecutionStore(EmbeddedTransactions transactions) : IExecutionStore
{
    private EmbeddedTables Tables => transactions.Tables;

    public async Task WriteAsync(ShardWriteRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ShardWriteValidator.Validate(request);
        var historyAhead = ShardWriteSizing.PlanHistoryAhead(request);
        var stored = Copy(request);
        var operation = new PersistenceOperation("ShardWrite", EmbeddedTables.ShardsName, request.ShardId, $"shard:{request.ShardId}");

        foreach (var chunk in historyAhead)
        {
            // Written ahead, fenced, each chunk within DSQL's limits; readers do not see these nodes
            // until the run's next_event_id (written below) covers them, so a failure here leaves
            // nothing visible and a retry of the whole write replaces them.
            var nodes = chunk.Select(StoredValues.Of).ToList();
            await transactions.ExecuteAsync(operation with { Name = "ShardWriteHistory" }, tx =>
            {
                ShardFence.Check(tx, Tables, request.ShardId, request.RangeId);
                WriteHistory(tx, request.ShardId, nodes);
            }, cancellationToken).ConfigureAwait(false);
        }

        await transactions.ExecuteAsync(operation, tx =>
        {
            ShardFence.Check(tx, Tables, request.ShardId, request.RangeId);
            foreach (var update in stored.Updates)
            {
                ApplyUpdate(tx, update);
            }
            foreach (var create in stored.Creates)
            {
                ApplyCreate(tx, create);
            }
            if (historyAhead.Count == 0)
            {
                WriteHistory(tx, request.ShardId, stored.History);
            }
            foreach (var task in stored.Tasks)
            {
                var key = new ShardTaskRowKey(request.ShardId, EmbeddedShardTaskStore.KeyOf(task));
                if (!tx.TryInsert(Tables.TasksOf(task.Category), key, task))
                {
                    throw new ConditionFailedException($"{task.Category} task {task.TaskId} of shard {request.ShardId} exists already.");
                }
            }
            foreach (var visibility in stored.Visibility)
            {
                tx.Upsert(Tables.Visibility, new VisibilityKey(visibility.NamespaceId, visibility.RunId), visibility);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<WorkflowExecutionRecord?> GetExecutionAsync(int shardId, Guid namespaceId, string workflowId, Guid runId, CancellationToken cancellationToken = default) =>
        transactions.RunAsync(ExecutionOperation("GetExecution", shardId, workflowId),
            tx => tx.Get(Tables.Executions, new ExecutionKey(shardId, namespaceId, workflowId, runId)) is { } row ? StoredValues.Of(row) : null,
            cancellationToken);

    public Task<CurrentExecutionRecord?> GetCurrentExecutionAsync(int shardId, Guid namespaceId, string workflowId, CancellationToken cancellationToken = default) =>
        transactions.RunAsync(
            new PersistenceOperation("GetCurrentExecution", EmbeddedTables.CurrentExecutionsName, shardId, $"current:{workflowId}"),
            tx => tx.Get(Tables.CurrentExecutions, new CurrentExecutionKey(shardId, namespaceId, workflowId)) is { } row ? StoredValues.Of(row) : null,
            cancellationToken);

    public Task DeleteExecutionAsync(int shardId, long rangeId, Guid namespaceId, string workflowId, Guid runId, CancellationToken cancellationToken = default) =>
        transactions.ExecuteAsync(ExecutionOperation("DeleteExecution", shardId, workflowId), tx =>
        {
            ShardFence.Check(tx, Tables, shardId, rangeId);
            tx.Delete(Tables.Executions, new ExecutionKey(shardId, namespaceId, workflowId, runId));
            var currentKey = new CurrentExecutionKey(shardId, namespaceId, workflowId);
            if (tx.Get(Tables.CurrentExecutions, currentKey, forUpdate: true) is { } current && current.RunId == runId)
            {
                tx.Delete(Tables.CurrentExecutions, currentKey);
            }
            tx.Delete(Tables.Visibility, new VisibilityKey(namespaceId, runId));
        }, cancellationToken);

    private void ApplyUpdate(MvccTransaction tx, ExecutionUpdate update)
    {
        var execution = update.Execution;
        var key = new ExecutionKey(execution.ShardId, execution.NamespaceId, execution.WorkflowId, execution.RunId);
        var existing = tx.Get(Tables.Executions, key, forUpdate: true)
            ?? throw new EntityNotFoundException($"Run {execution.RunId} of '{execution.WorkflowId}' does not exist in shard {execution.ShardId}.");
        if (existing.DbRecordVersion != update.ExpectedDbRecordVersion)
        {
            throw new ConditionFailedException(
                $"Run {execution.RunId} of '{execution.WorkflowId}' is at db_record_version {existing.DbRecordVersion}, not the expected {update.ExpectedDbRecordVersion}.");
        }
        tx.Upsert(Tables.Executions, key, execution);
        if (update.Current is { } current)
        {
            var currentKey = new CurrentExecutionKey(current.ShardId, current.NamespaceId, current.WorkflowId);
            var stored = tx.Get(Tables.CurrentExecutions, currentKey, forUpdate: true);
            if (stored is null || stored.RunId != execution.RunId)
            {
                throw new ConditionFailedException(
                    $"The current run of '{current.WorkflowId}' is {stored?.RunId.ToString() ?? "(none)"}, not {execution.RunId}; the update may not rewrite it.");
            }
            tx.Upsert(Tables.CurrentExecutions, currentKey, current);
        }
    }

    private void ApplyCreate(MvccTransaction tx, ExecutionCreate create)
    {
        var execution = create.Execution;
        var currentKey = new CurrentExecutionKey(execution.ShardId, execution.NamespaceId, execution.WorkflowId);
        var current = tx.Get(Tables.CurrentExecutions, currentKey, forUpdate: true);
        // A copy, so the error a caller may keep never aliases the stored row.
        CreateModeCondition.Check(create, current is null ? null : StoredValues.Of(current));
        var key = new ExecutionKey(execution.ShardId, execution.NamespaceId, execution.WorkflowId, execution.RunId);
        if (!tx.TryInsert(Tables.Executions, key, execution))
        {
            throw new ConditionFailedException($"Run {execution.RunId} of '{execution.WorkflowId}' exists already.");
        }
        tx.Upsert(Tables.CurrentExecutions, currentKey, create.Current);
    }

    private void WriteHistory(MvccTransaction tx, int shardId, IEnumerable<HistoryNode> nodes)
    {
        foreach (var node in nodes)
        {
            tx.Upsert(Tables.History, new HistoryNodeKey(shardId, node.TreeId, node.BranchId, node.NodeId), node);
        }
    }

    private static ShardWriteRequest Copy(ShardWriteRequest request) => request with
    {
        Creates = [.. request.Creates.Select(c => c with { Execution = StoredValues.Of(c.Execution), Current = StoredValues.Of(c.Current) })],
        Updates = [.. request.Updates.Select(u => u with
        {
            Execution = StoredValues.Of(u.Execution),
            Current = u.Current is { } current ? StoredValues.Of(current) : null,
        })],
        History = [.. request.History.Select(StoredValues.Of)],
        Tasks = [.. request.Tasks.Select(StoredValues.Of)],
        Visibility = [.. request.Visibility.Select(StoredValues.Of)],
    };

    private static PersistenceOperation ExecutionOperation(string name, int shardId, string workflowId) =>
        new(name, EmbeddedTables.ExecutionsName, shardId, $"execution:{workflowId}");
}
