using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Limits;
using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Stores;

/// <summary>
/// Checks a <see cref="ShardWriteRequest"/> before anything is sent, the same way for every store: consistency of its records
/// (InvalidPersistenceRequest), DSQL's key and column limits, and its transaction budget. Decides
/// whether the history has to be written ahead in its own transactions.
/// </summary>
internal static class ShardWriteValidator
{
    // A row's bytes are its payload plus its key and fixed columns; this allowance covers the latter.
    private const int RowOverhead = 128;

    public static void Validate(ShardWriteRequest request)
    {
        foreach (var update in request.Updates)
        {
            CheckShard(request, update.Execution.ShardId, "update");
            if (update.Execution.DbRecordVersion != update.ExpectedDbRecordVersion + 1)
            {
                throw new InvalidPersistenceRequestException(
                    $"Update of run {update.Execution.RunId} must carry db_record_version {update.ExpectedDbRecordVersion + 1}, not {update.Execution.DbRecordVersion}.");
            }
            if (update.Current is { } current)
            {
                CheckShard(request, current.ShardId, "update's current record");
                CheckCurrentMatches(update.Execution, current);
            }
            CheckExecutionLimits(update.Execution);
        }
        foreach (var create in request.Creates)
        {
            CheckShard(request, create.Execution.ShardId, "create");
            CheckShard(request, create.Current.ShardId, "create's current record");
            if (create.Execution.DbRecordVersion < 1)
            {
                throw new InvalidPersistenceRequestException($"A created run's db_record_version must be at least 1, not {create.Execution.DbRecordVersion}.");
            }
            if (create.Mode != CreateMode.BrandNew && create.PreviousRunId is null)
            {
                throw new InvalidPersistenceRequestException($"Create mode {create.Mode} needs PreviousRunId.");
            }
            CheckCurrentMatches(create.Execution, create.Current);
            CheckExecutionLimits(create.Execution);
        }
        foreach (var node in request.History)
        {
            TransactionBudget.CheckColumn("history_node", "data", node.Data.Length);
        }
        foreach (var task in request.Tasks)
        {
            TransactionBudget.CheckColumn(TableOf(task.Category), "data", task.Data.Length);
        }
        foreach (var visibility in request.Visibility)
        {
            TransactionBudget.CheckKey("executions_visibility", "workflow_id", visibility.WorkflowId);
            TransactionBudget.CheckColumn("executions_visibility", "memo", visibility.Memo?.Length ?? 0);
            TransactionBudget.CheckColumn("executions_visibility", "search_attributes", visibility.SearchAttributes?.Length ?? 0);
        }
    }

    /// <summary>
    /// The rows and bytes the whole request takes in one transaction, or null when only its history
    /// pushes it over (the nodes are then written ahead); throws when the rest alone is over the limits.
    /// </summary>
    public static TransactionBudget? MeasureOneTransaction(ShardWriteRequest request)
    {
        var budget = new TransactionBudget();
        foreach (var create in request.Creates)
        {
            budget.AddRow("executions", RowOverhead + create.Execution.Data.Length);
            budget.AddRow("current_executions", RowOverhead);
        }
        foreach (var update in request.Updates)
        {
            budget.AddRow("executions", RowOverhead + update.Execution.Data.Length);
            if (update.Current is not null)
            {
                budget.AddRow("current_executions", RowOverhead);
            }
        }
        foreach (var task in request.Tasks)
        {
            budget.AddRow(TableOf(task.Category), RowOverhead + task.Data.Length);
        }
        foreach (var visibility in request.Visibility)
        {
            budget.AddRow("executions_visibility", RowOverhead + (visibility.Memo?.Length ?? 0) + (visibility.SearchAttributes?.Length ?? 0));
            foreach (var value in visibility.Attributes ?? [])
            {
                // Inserted, and as many stored ones deleted at most (the run's values are replaced).
                var bytes = RowOverhead + System.Text.Encoding.UTF8.GetByteCount(value.String ?? "") + value.Name.Length;
                budget.AddRow("executions_search_attributes", bytes);
                budget.AddRow("executions_search_attributes", RowOverhead);
            }
        }
        try
        {
            foreach (var node in request.History)
            {
                budget.AddRow("history_node", HistoryRowBytes(node));
            }
            return budget;
        }
        catch (TransactionLimitExceededException)
        {
            return null;
        }
    }

    public static long HistoryRowBytes(HistoryNode node) => RowOverhead + node.Data.Length;

    public static string TableOf(ShardTaskCategory category) => category switch
    {
        ShardTaskCategory.Transfer => "transfer_tasks",
        ShardTaskCategory.Timer => "timer_tasks",
        ShardTaskCategory.Visibility => "visibility_tasks",
        _ => throw new InvalidPersistenceRequestException($"Unknown task category {category}."),
    };

    private static void CheckExecutionLimits(WorkflowExecutionRecord execution)
    {
        TransactionBudget.CheckKey("executions", "workflow_id", execution.WorkflowId);
        TransactionBudget.CheckColumn("executions", "data", execution.Data.Length);
    }

    private static void CheckShard(ShardWriteRequest request, int shardId, string what)
    {
        if (shardId != request.ShardId)
        {
            throw new InvalidPersistenceRequestException($"A {what} belongs to shard {shardId}, but the write is for shard {request.ShardId}.");
        }
    }

    private static void CheckCurrentMatches(WorkflowExecutionRecord execution, CurrentExecutionRecord current)
    {
        if (current.NamespaceId != execution.NamespaceId || current.WorkflowId != execution.WorkflowId || current.RunId != execution.RunId)
        {
            throw new InvalidPersistenceRequestException(
                $"The current record ({current.WorkflowId}/{current.RunId}) does not match the run ({execution.WorkflowId}/{execution.RunId}).");
        }
    }
}
