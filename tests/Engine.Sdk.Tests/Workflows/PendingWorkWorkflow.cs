using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>
/// Leaves an activity pending (its queue has no worker) and a child running, so describe shows
/// both and terminating the parent applies the child's parent close policy.
/// </summary>
[Workflow]
public class PendingWorkWorkflow
{
    [WorkflowRun]
    public async Task RunAsync(string childId, string idleQueue)
    {
        await Workflow.StartChildWorkflowAsync((WaitForeverWorkflow child) => child.RunAsync(), new ChildWorkflowOptions { Id = childId });
        await Workflow.ExecuteActivityAsync(() => GreetingActivities.Greet("nobody"),
            new ActivityOptions { TaskQueue = idleQueue, StartToCloseTimeout = TimeSpan.FromMinutes(5) });
    }
}
