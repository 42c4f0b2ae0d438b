using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>The first run continues as new at once; the second waits for a "finish" signal.</summary>
[Workflow]
public class ContinueOnceWorkflow
{
    private bool _finish;

    [WorkflowRun]
    public async Task<string> RunAsync(bool continued)
    {
        if (!continued)
        {
            throw Workflow.CreateContinueAsNewException((ContinueOnceWorkflow wf) => wf.RunAsync(true));
        }
        await Workflow.WaitConditionAsync(() => _finish);
        return "finished";
    }

    [WorkflowSignal]
    public Task FinishAsync()
    {
        _finish = true;
        return Task.CompletedTask;
    }
}
