using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Activities for the diagnosis tests: one that always fails, one that runs until cancelled.</summary>
public static class DiagnosedActivities
{
    /// <summary>Set when <see cref="RunUntilCancelledAsync"/> is running, so a test diagnoses it while it runs.</summary>
    public static TaskCompletionSource Running { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Activity]
    public static string AlwaysFail() => throw new ApplicationFailureException("the downstream service refused the order", errorType: "OrderRefused");

    [Activity]
    public static async Task RunUntilCancelledAsync()
    {
        Running.TrySetResult();
        await Task.Delay(Timeout.Infinite, ActivityExecutionContext.Current.CancellationToken);
    }
}
