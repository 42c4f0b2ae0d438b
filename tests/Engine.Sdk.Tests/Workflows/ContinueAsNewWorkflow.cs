using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Continues as new until the counter reaches the target.</summary>
[Workflow]
public class ContinueAsNewWorkflow
{
    [WorkflowRun]
    public Task<int> RunAsync(int count, int target)
    {
        if (count < target)
        {
            throw Workflow.CreateContinueAsNewException((ContinueAsNewWorkflow wf) => wf.RunAsync(count + 1, target));
        }
        return Task.FromResult(count);
    }
}
