using Temporalio.Workflows;

namespace Fencepost.Cluster.Tests.Workflows;

[Workflow]
public class ChildWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(string id) => Task.FromResult($"child {id}");
}
