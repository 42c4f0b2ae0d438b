using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Signals another workflow once and returns "delivered", or the failure the SDK raised when the signal failed.</summary>
[Workflow]
public class SignalOtherWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string targetWorkflowId)
    {
        try
        {
            await Workflow.GetExternalWorkflowHandle(targetWorkflowId).SignalAsync("poke", []);
            return "delivered";
        }
        catch (FailureException failure)
        {
            return failure.Message;
        }
    }
}
