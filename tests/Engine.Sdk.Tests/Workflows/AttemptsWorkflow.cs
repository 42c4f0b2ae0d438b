using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Fails its first <c>failures</c> attempts (workflow-level, under the start's retry policy), then succeeds.</summary>
[Workflow]
public class AttemptsWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(int failures, string errorType)
    {
        var attempt = Workflow.Info.Attempt;
        if (attempt <= failures)
        {
            throw new ApplicationFailureException($"attempt {attempt} fails", errorType);
        }
        return Task.FromResult($"succeeded on attempt {attempt}");
    }
}
