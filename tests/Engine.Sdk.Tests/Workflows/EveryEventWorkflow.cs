using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Writes most kinds of history event once: activity, timer, child, local activity and patch markers, a signal.</summary>
[Workflow]
public class EveryEventWorkflow
{
    private bool _go;

    [WorkflowRun]
    public async Task<string> RunAsync(string childId)
    {
        var activity = await Workflow.ExecuteActivityAsync(() => GreetingActivities.Greet("activity"), new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(30) });
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(10));
        var child = await Workflow.ExecuteChildWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("child"), new ChildWorkflowOptions { Id = childId });
        var local = await Workflow.ExecuteLocalActivityAsync(() => GreetingActivities.Greet("local"), new LocalActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(10) });
        var patched = Workflow.Patched("every-event");
        await Workflow.WaitConditionAsync(() => _go);
        return $"{activity}|{child}|{local}|{patched}";
    }

    [WorkflowSignal]
    public Task GoAsync()
    {
        _go = true;
        return Task.CompletedTask;
    }
}
