using System.Collections.Concurrent;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Fencepost.Engine.Sdk.Tests.Parity;

/// <summary>
/// Activities for the cases the TypeScript suite runs: each records what it saw by workflow id,
/// since the worker runs in the test process.
/// </summary>
public static class ParityActivities
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource<byte[]>> Tokens = new();

    /// <summary>What each run's activities saw, by workflow id: attempts, heartbeat details, cleanups.</summary>
    public static ConcurrentDictionary<string, ConcurrentQueue<string>> Seen { get; } = new();

    /// <summary>The task token of the <see cref="CompleteLater"/> run for <paramref name="workflowId"/>, once it started.</summary>
    public static Task<byte[]> TaskTokenOfAsync(string workflowId) => Token(workflowId).Task;

    [Activity]
    public static async Task<string> SleepAsync(int milliseconds)
    {
        Record($"attempt {ActivityExecutionContext.Current.Info.Attempt}");
        await Task.Delay(milliseconds, ActivityExecutionContext.Current.CancellationToken);
        return "slept";
    }

    /// <summary>Heartbeats progress 1..3 and fails on attempt 1; attempt 2 returns the details it started with.</summary>
    [Activity]
    public static async Task<int> ResumableAsync()
    {
        var context = ActivityExecutionContext.Current;
        if (context.Info.Attempt == 1)
        {
            for (var progress = 1; progress <= 3; progress++)
            {
                context.Heartbeat(progress);
            }
            throw new ApplicationFailureException("lost the connection after three items", errorType: "Interrupted");
        }
        return context.Info.HeartbeatDetails.Count == 0 ? 0 : await context.Info.HeartbeatDetailAtAsync<int>(0);
    }

    /// <summary>Leaves completion to the test, which completes it with the task token.</summary>
    [Activity]
    public static string CompleteLater()
    {
        var info = ActivityExecutionContext.Current.Info;
        Token(info.WorkflowId ?? "").TrySetResult(info.TaskToken);
        throw new CompleteAsyncException();
    }

    /// <summary>Fails its first <paramref name="failures"/> attempts, then returns the attempt that succeeded.</summary>
    [Activity]
    public static int Flaky(int failures)
    {
        var attempt = ActivityExecutionContext.Current.Info.Attempt;
        return attempt <= failures ? throw new ApplicationFailureException($"attempt {attempt} fails", errorType: "Flaky") : attempt;
    }

    [Activity]
    public static string Greet(string name) => $"Hello, {name}!";

    [Activity]
    public static void Cleanup() => Record("cleanup");

    private static void Record(string what) =>
        Seen.GetOrAdd(ActivityExecutionContext.Current.Info.WorkflowId ?? "", _ => new ConcurrentQueue<string>()).Enqueue(what);

    private static TaskCompletionSource<byte[]> Token(string workflowId) =>
        Tokens.GetOrAdd(workflowId, _ => new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously));
}
