using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Parity;

[Workflow]
public class FailingChildWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(string message) => throw new ApplicationFailureException(message, errorType: "ChildBroke", nonRetryable: true);
}
