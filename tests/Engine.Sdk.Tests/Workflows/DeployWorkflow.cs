using Temporalio.Common;
using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Ships an order through one activity; fails when the activity does (no retries).</summary>
[Workflow]
public class DeployWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(string order) =>
        Workflow.ExecuteActivityAsync((DeployActivities a) => a.Ship(order), new ActivityOptions
        {
            StartToCloseTimeout = TimeSpan.FromSeconds(30),
            RetryPolicy = new RetryPolicy { MaximumAttempts = 1 },
        });
}
