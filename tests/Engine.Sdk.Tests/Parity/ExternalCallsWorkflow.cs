using Fencepost.Engine.Sdk.Tests.Workflows;
using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Parity;

/// <summary>Signals a <see cref="SignalWorkflow"/> to finish, or cancels a workflow, by id.</summary>
[Workflow]
public class ExternalCallsWorkflow
{
    [WorkflowRun]
    public async Task RunAsync(string action, string targetId)
    {
        if (action == "signal")
        {
            var target = Workflow.GetExternalWorkflowHandle<SignalWorkflow>(targetId);
            await target.SignalAsync(wf => wf.AddAsync("external"));
            await target.SignalAsync(wf => wf.AddAsync("done"));
        }
        else
        {
            await Workflow.GetExternalWorkflowHandle(targetId).CancelAsync();
        }
    }
}
