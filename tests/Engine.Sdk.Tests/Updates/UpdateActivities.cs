using System.Collections.Concurrent;
using Temporalio.Activities;

namespace Fencepost.Engine.Sdk.Tests.Updates;

/// <summary>An activity a test holds open (by workflow id) while it sends updates, then lets finish.</summary>
public static class UpdateActivities
{
    private static readonly ConcurrentDictionary<string, (TaskCompletionSource Started, TaskCompletionSource Release)> Gates = new();

    /// <summary>Completes when the workflow's <see cref="HoldAsync"/> activity is running.</summary>
    public static Task StartedAsync(string workflowId) => Gate(workflowId).Started.Task;

    public static void Release(string workflowId) => Gate(workflowId).Release.TrySetResult();

    [Activity]
    public static async Task<string> HoldAsync()
    {
        var gate = Gate(ActivityExecutionContext.Current.Info.WorkflowId ?? "");
        gate.Started.TrySetResult();
        await gate.Release.Task.WaitAsync(ActivityExecutionContext.Current.CancellationToken);
        return "activity";
    }

    private static (TaskCompletionSource Started, TaskCompletionSource Release) Gate(string workflowId) =>
        Gates.GetOrAdd(workflowId, _ => (new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
}
