using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Activities whose behaviour depends on the attempt, for the server-side retry tests.</summary>
public static class RetryActivities
{
    [Activity]
    public static string SucceedOnThirdAttempt()
    {
        var attempt = ActivityExecutionContext.Current.Info.Attempt;
        if (attempt < 3)
        {
            throw new InvalidOperationException($"attempt {attempt} fails");
        }
        return $"succeeded on attempt {attempt}";
    }

    [Activity]
    public static string FailNonRetryable() =>
        throw new ApplicationFailureException("permanently broken", errorType: "Broken", nonRetryable: true);

    [Activity]
    public static async Task<string> SleepPastTimeoutAsync()
    {
        await Task.Delay(TimeSpan.FromMinutes(1), ActivityExecutionContext.Current.CancellationToken);
        return "slept";
    }

    [Activity]
    public static async Task<string> HeartbeatUntilCancelledAsync()
    {
        var context = ActivityExecutionContext.Current;
        while (true)
        {
            context.Heartbeat();
            await Task.Delay(TimeSpan.FromMilliseconds(100), context.CancellationToken);
        }
    }
}
