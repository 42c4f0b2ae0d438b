using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Stores;

/// <summary>
/// Whether a run may be created over its workflow id's current run, by <see cref="CreateMode"/>;
/// every store checks it the same way inside its shard write, from the current row it read.
/// </summary>
internal static class CreateModeCondition
{
    /// <summary>Throws the condition's own error when <paramref name="create"/> may not go over <paramref name="current"/> (null: no current run).</summary>
    public static void Check(ExecutionCreate create, CurrentExecutionRecord? current)
    {
        var workflowId = create.Execution.WorkflowId;
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
                    throw new ConditionFailedException($"'{workflowId}' has no current run; id reuse expected run {create.PreviousRunId}.");
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
                        $"The current run of '{workflowId}' is {current?.RunId.ToString() ?? "(none)"}, not the previous run {create.PreviousRunId} this run continues.");
                }
                break;
            default:
                throw new InvalidPersistenceRequestException($"Unknown create mode {create.Mode}.");
        }
    }
}
