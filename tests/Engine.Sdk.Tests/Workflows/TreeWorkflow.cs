using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Starts a child of itself <c>depth</c> levels down (ids suffixed "-c"), so a grandchild exists for depth 2.</summary>
[Workflow]
public class TreeWorkflow
{
    [WorkflowRun]
    public async Task<int> RunAsync(int depth)
    {
        if (depth == 0)
        {
            return 0;
        }
        var below = await Workflow.ExecuteChildWorkflowAsync((TreeWorkflow child) => child.RunAsync(depth - 1),
            new ChildWorkflowOptions { Id = $"{Workflow.Info.WorkflowId}-c" });
        return below + 1;
    }
}
