using Temporalio.Workflows;

namespace Fencepost.Benchmarks.Driver.Workflows;

/// <summary>Sleeps on a durable timer, so the timer queue is on the measured path.</summary>
[Workflow("fencepost-bench-timer")]
public class TimerBenchWorkflow
{
    [WorkflowRun]
    public async Task RunAsync(int delayMilliseconds) =>
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(delayMilliseconds));
}
