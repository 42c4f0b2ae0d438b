using Temporalio.Common;
using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Puts itself in the state a "why is it stuck?" verdict names, by scenario.</summary>
[Workflow]
public class DiagnosedWorkflow
{
    [WorkflowRun]
    public async Task RunAsync(string scenario)
    {
        switch (scenario)
        {
            case "failing-activity":
                // Fails once, then waits ten minutes for its next attempt.
                await Workflow.ExecuteActivityAsync(() => DiagnosedActivities.AlwaysFail(), new ActivityOptions
                {
                    StartToCloseTimeout = TimeSpan.FromSeconds(30),
                    RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMinutes(10) },
                });
                break;
            case "running-activity":
                await Workflow.ExecuteActivityAsync(() => DiagnosedActivities.RunUntilCancelledAsync(), new ActivityOptions { StartToCloseTimeout = TimeSpan.FromMinutes(10) });
                break;
            case "signal":
                await Workflow.WaitConditionAsync(() => false);
                break;
            default:
                throw new ArgumentException(scenario);
        }
    }
}
