using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Waits a day: something else (cancel, terminate, parent close) has to end it.</summary>
[Workflow]
public class WaitForeverWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        await Workflow.DelayAsync(TimeSpan.FromDays(1));
        return "woke";
    }
}
