using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Parity;

/// <summary>Takes a patched branch, waits for a signal, then finishes: on a cacheless worker each task replays the patch.</summary>
[Workflow]
public class PatchedStepsWorkflow
{
    private bool _proceed;

    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        var options = new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(30) };
        var steps = new List<string>();
        if (Workflow.Patched("greet-twice"))
        {
            steps.Add(await Workflow.ExecuteActivityAsync(() => ParityActivities.Greet("patched"), options));
        }
        steps.Add(await Workflow.ExecuteActivityAsync(() => ParityActivities.Greet("always"), options));
        await Workflow.WaitConditionAsync(() => _proceed);
        steps.Add(await Workflow.ExecuteActivityAsync(() => ParityActivities.Greet("after signal"), options));
        return string.Join('|', steps);
    }

    [WorkflowSignal]
    public Task ProceedAsync()
    {
        _proceed = true;
        return Task.CompletedTask;
    }
}
