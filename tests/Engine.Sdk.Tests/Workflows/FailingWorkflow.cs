using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Fails at once, without retries.</summary>
[Workflow]
public class FailingWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(string why) => throw new ApplicationFailureException(why, nonRetryable: true);
}
