using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Parity;

/// <summary>Waits to be cancelled, then runs a cleanup activity the cancellation cannot stop, and ends cancelled.</summary>
[Workflow]
public class CleanupOnCancelWorkflow
{
    [WorkflowRun]
    public async Task RunAsync()
    {
        try
        {
            await Workflow.DelayAsync(TimeSpan.FromHours(1));
        }
        catch (Exception e) when (TemporalException.IsCanceledException(e))
        {
            using var detached = new CancellationTokenSource();
            await Workflow.ExecuteActivityAsync(() => ParityActivities.Cleanup(), new ActivityOptions
            {
                StartToCloseTimeout = TimeSpan.FromSeconds(10),
                CancellationToken = detached.Token,
            });
            throw;
        }
    }
}
