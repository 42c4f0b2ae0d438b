using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Starts a heartbeating activity, cancels it after a timer and waits for the worker to confirm.</summary>
[Workflow]
public class CancelActivityWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Workflow.CancellationToken);
        var activity = Workflow.ExecuteActivityAsync(() => RetryActivities.HeartbeatUntilCancelledAsync(),
            new ActivityOptions
            {
                StartToCloseTimeout = TimeSpan.FromMinutes(1),
                HeartbeatTimeout = TimeSpan.FromSeconds(1),
                CancellationToken = cancel.Token,
                CancellationType = Temporalio.Workflows.ActivityCancellationType.WaitCancellationCompleted,
            });
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(300));
        // Cancel() (not CancelAsync) keeps the continuation on the workflow scheduler.
#pragma warning disable CA1849
        cancel.Cancel();
#pragma warning restore CA1849
        try
        {
            await activity;
            return "completed";
        }
        catch (ActivityFailureException failure) when (failure.InnerException is CanceledFailureException)
        {
            return "canceled";
        }
    }
}
