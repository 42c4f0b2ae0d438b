using Temporalio.Workflows;

namespace Fencepost.Engine.Tests.Queues;

/// <summary>Waits 100 ms on a durable timer, then completes.</summary>
[Workflow]
public class ShortTimerWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(100));
        return "fired";
    }
}
