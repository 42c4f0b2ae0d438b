using Temporalio.Common;
using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Runs an <see cref="AttemptsWorkflow"/> child that fails twice under its own retry policy and returns the child's result.</summary>
[Workflow]
public class RetryingChildParentWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string childId) =>
        await Workflow.ExecuteChildWorkflowAsync((AttemptsWorkflow child) => child.RunAsync(2, "Flaky"), new ChildWorkflowOptions
        {
            Id = childId,
            RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(50), MaximumAttempts = 5 },
        });
}
