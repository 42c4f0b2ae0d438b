using Temporalio.Workflows;

namespace Fencepost.Cluster.Tests.Workflows;

/// <summary>
/// Every history-to-history hop: starts children and waits for their results (child start, child
/// completion back to the parent), signals and cancels other workflows, and leaves one child
/// running under each of the Terminate and RequestCancel parent close policies.
/// </summary>
[Workflow]
public class ParentWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(ParentPlan plan)
    {
        var results = await Task.WhenAll(plan.ChildIds.Select(id =>
            Workflow.ExecuteChildWorkflowAsync((ChildWorkflow child) => child.RunAsync(id), new ChildWorkflowOptions { Id = id })));
        await Workflow.GetExternalWorkflowHandle<WaitWorkflow>(plan.SignalTargetId).SignalAsync(target => target.ReleaseAsync($"signalled by {Workflow.Info.WorkflowId}"));
        await Workflow.GetExternalWorkflowHandle(plan.CancelTargetId).CancelAsync();
        await Workflow.StartChildWorkflowAsync((WaitWorkflow child) => child.RunAsync(),
            new ChildWorkflowOptions { Id = plan.TerminatedChildId, ParentClosePolicy = ParentClosePolicy.Terminate });
        await Workflow.StartChildWorkflowAsync((WaitWorkflow child) => child.RunAsync(),
            new ChildWorkflowOptions { Id = plan.CancelledChildId, ParentClosePolicy = ParentClosePolicy.RequestCancel });
        return string.Join(",", results);
    }
}
