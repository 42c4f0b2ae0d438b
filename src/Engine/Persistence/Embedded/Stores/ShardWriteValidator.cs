using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Limits;
using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Embedded.Stores;

/// <summary>Refuses a malformed or oversized <see cref="ShardWriteRequest"/> before any transaction starts.</summary>
internal static class ShardWriteValidator
{
    public static void Validate(ShardWriteRequest request)
    {
        var shardId = request.ShardId;
        foreach (var update in request.Updates)
        {
            var execution = update.Execution;
            CheckShard(shardId, execution.ShardId, "update", execution.WorkflowId);
            CheckExecution(execution);
            if (execution.DbRecordVersion != update.ExpectedDbRecordVersion + 1)
            {
                throw new InvalidPersistenceRequestException(
                    $"Update of '{execution.WorkflowId}' run {execution.RunId} carries db_record_version {execution.DbRecordVersion}; it must be the expected {update.ExpectedDbRecordVersion} + 1.");
            }
            if (update.Current is { } current)
            {
                CheckCurrent(shardId, execution, current);
            }
        }
        foreach (var create in request.Creates)
        {
            var execution = create.Execution;
            CheckShard(shardId, execution.ShardId, "create", execution.WorkflowId);
            CheckExecution(execution);
            if (execution.DbRecordVersion < 1)
            {
                throw new InvalidPersistenceRequestException(
                    $"Create of '{execution.WorkflowId}' run {execution.RunId} carries db_record_version {execution.DbRecordVersion}; a new run starts at 1 or more.");
            }
            CheckCurrent(shardId, execution, create.Current);
        }
        foreach (var node in request.History)
        {
            TransactionBudget.CheckColumn(EmbeddedTables.HistoryName, "data", node.Data.Length);
        }
        foreach (var task in request.Tasks)
        {
            TransactionBudget.CheckColumn($"{task.Category.ToString().ToLowerInvariant()}_tasks", "data", task.Data.Length);
        }
        foreach (var visibility in request.Visibility)
        {
            TransactionBudget.CheckKey(EmbeddedTables.VisibilityName, "workflow_id", visibility.WorkflowId);
            TransactionBudget.CheckColumn(EmbeddedTables.VisibilityName, "memo", visibility.Memo?.Length ?? 0);
            TransactionBudget.CheckColumn(EmbeddedTables.VisibilityName, "search_attributes", visibility.SearchAttributes?.Length ?? 0);
        }
    }

    private static void CheckExecution(WorkflowExecutionRecord execution)
    {
        TransactionBudget.CheckKey(EmbeddedTables.ExecutionsName, "workflow_id", execution.WorkflowId);
        TransactionBudget.CheckColumn(EmbeddedTables.ExecutionsName, "data", execution.Data.Length);
    }

    private static void CheckShard(int shardId, int recordShardId, string what, string workflowId)
    {
        if (recordShardId != shardId)
        {
            throw new InvalidPersistenceRequestException($"The {what} of '{workflowId}' is for shard {recordShardId}, but the write is for shard {shardId}.");
        }
    }

    private static void CheckCurrent(int shardId, WorkflowExecutionRecord execution, CurrentExecutionRecord current)
    {
        CheckShard(shardId, current.ShardId, "current-run record", current.WorkflowId);
        if (current.NamespaceId != execution.NamespaceId || current.WorkflowId != execution.WorkflowId || current.RunId != execution.RunId)
        {
            throw new InvalidPersistenceRequestException(
                $"The current-run record ({current.NamespaceId}/{current.WorkflowId}/{current.RunId}) does not match the run ({execution.NamespaceId}/{execution.WorkflowId}/{execution.RunId}).");
        }
    }
}
