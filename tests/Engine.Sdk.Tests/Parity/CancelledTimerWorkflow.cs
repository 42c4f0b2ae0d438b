using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Parity;

/// <summary>Starts an hour's timer and cancels it: history holds TimerStarted then TimerCanceled.</summary>
[Workflow]
public class CancelledTimerWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        using var cancel = new CancellationTokenSource();
        var timer = Workflow.DelayAsync(TimeSpan.FromHours(1), cancel.Token);
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(50));
#pragma warning disable CA1849
        cancel.Cancel();
#pragma warning restore CA1849
        try
        {
            await timer;
            return "fired";
        }
        catch (TaskCanceledException)
        {
            return "cancelled";
        }
    }
}
