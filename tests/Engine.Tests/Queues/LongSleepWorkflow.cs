using Temporalio.Workflows;

namespace Fencepost.Engine.Tests.Queues;

/// <summary>Sleeps on a durable timer for the given number of days.</summary>
[Workflow]
public class LongSleepWorkflow
{
    [WorkflowRun]
    public async Task RunAsync(int days) => await Workflow.DelayAsync(TimeSpan.FromDays(days));
}
