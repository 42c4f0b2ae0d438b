using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

[Workflow]
public class TimerWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(int milliseconds)
    {
        var before = Workflow.UtcNow;
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(milliseconds));
        return Workflow.UtcNow >= before.AddMilliseconds(milliseconds) ? "fired" : "early";
    }
}
