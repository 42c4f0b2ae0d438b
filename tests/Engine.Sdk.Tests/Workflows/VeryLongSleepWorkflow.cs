using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Sleeps the given number of years (Temporal caps durable timers at 100).</summary>
[Workflow]
public class VeryLongSleepWorkflow
{
    [WorkflowRun]
    public async Task RunAsync(int years) => await Workflow.DelayAsync(TimeSpan.FromDays(365.0 * years));
}
