using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>
/// Issues <c>count</c> commands of one kind in a single workflow task: child starts, signals to
/// other workflows or cancel requests to other workflows (their targets need not exist).
/// </summary>
[Workflow]
public class FanOutWorkflow
{
    [WorkflowRun]
    public async Task RunAsync(string kind, int count)
    {
        var targets = Enumerable.Range(0, count).Select(i => $"{Workflow.Info.WorkflowId}-target-{i}").ToList();
        await Workflow.WhenAllAsync(targets.Select(target => kind switch
        {
            "children" => Workflow.StartChildWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new ChildWorkflowOptions { Id = target }),
            "signals" => Workflow.GetExternalWorkflowHandle(target).SignalAsync("poke", []),
            "cancels" => Workflow.GetExternalWorkflowHandle(target).CancelAsync(),
            _ => throw new ArgumentException($"Unknown kind {kind}", nameof(kind)),
        }));
    }
}
