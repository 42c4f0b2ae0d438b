using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Waits for a timer and a signal, then runs an activity: each survives an engine restart only if persisted.</summary>
[Workflow]
public class TimerThenSignalWorkflow
{
    private string? _signal;

    [WorkflowRun]
    public async Task<string> RunAsync(int timerMilliseconds)
    {
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(timerMilliseconds));
        await Workflow.WaitConditionAsync(() => _signal is not null);
        return await Workflow.ExecuteActivityAsync(() => GreetingActivities.Greet(_signal!), new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(30) });
    }

    [WorkflowSignal]
    public Task ProceedAsync(string value)
    {
        _signal = value;
        return Task.CompletedTask;
    }
}
