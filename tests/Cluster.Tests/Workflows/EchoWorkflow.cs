using Temporalio.Workflows;

namespace Fencepost.Cluster.Tests.Workflows;

/// <summary>One workflow task, one activity, one more workflow task: every hop of the cluster (start, dispatch, poll, record started, complete).</summary>
[Workflow]
public class EchoWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string text) =>
        await Workflow.ExecuteActivityAsync(() => EchoActivities.Echo(text), new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(30) });
}
