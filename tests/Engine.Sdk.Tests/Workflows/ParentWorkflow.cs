using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Runs a greeting child to completion and returns its result.</summary>
[Workflow]
public class ParentWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string childId) =>
        await Workflow.ExecuteChildWorkflowAsync((GreetingWorkflow child) => child.RunAsync("child"), new ChildWorkflowOptions { Id = childId });
}
