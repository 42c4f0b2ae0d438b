using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

[Workflow]
public class GreetingWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(string name) => Task.FromResult($"Hello, {name}!");
}
