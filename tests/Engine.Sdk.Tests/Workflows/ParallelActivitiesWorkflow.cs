using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Schedules <c>count</c> activities in one workflow task and waits for all of them.</summary>
[Workflow]
public class ParallelActivitiesWorkflow
{
    [WorkflowRun]
    public async Task<string[]> RunAsync(int count) =>
        await Workflow.WhenAllAsync(Enumerable.Range(0, count).Select(i =>
            Workflow.ExecuteActivityAsync(() => GreetingActivities.Greet($"{i}"), new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(30) })));
}
