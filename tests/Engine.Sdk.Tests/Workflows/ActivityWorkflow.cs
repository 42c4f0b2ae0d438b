using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

[Workflow]
public class ActivityWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string name) =>
        await Workflow.ExecuteActivityAsync(() => GreetingActivities.Greet(name), new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(30) });
}
