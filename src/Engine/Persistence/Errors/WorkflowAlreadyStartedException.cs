using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Errors;

/// <summary>
/// A brand-new (or id-reuse) create found a current run the mode does not allow. Carries the
/// current run so the frontend can apply the id reuse / conflict policy and dedupe by request id.
/// </summary>
public sealed class WorkflowAlreadyStartedException(CurrentExecutionRecord current)
    : PersistenceException(PersistenceErrorClass.AlreadyExists,
        $"Workflow '{current.WorkflowId}' already has a current run {current.RunId} in state {current.State}.")
{
    public CurrentExecutionRecord Current { get; } = current;
}
