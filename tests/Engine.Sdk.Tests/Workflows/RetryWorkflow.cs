using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Runs one of the retry activities and reports how it ended.</summary>
[Workflow]
public class RetryWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string scenario)
    {
        var retry = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(100), BackoffCoefficient = 1, MaximumAttempts = 5 };
        try
        {
            return scenario switch
            {
                "retry" => await Workflow.ExecuteActivityAsync(() => RetryActivities.SucceedOnThirdAttempt(),
                    new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(10), RetryPolicy = retry }),
                "non-retryable" => await Workflow.ExecuteActivityAsync(() => RetryActivities.FailNonRetryable(),
                    new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(10), RetryPolicy = retry }),
                "start-to-close" => await Workflow.ExecuteActivityAsync(() => RetryActivities.SleepPastTimeoutAsync(),
                    new ActivityOptions { StartToCloseTimeout = TimeSpan.FromMilliseconds(500), RetryPolicy = new RetryPolicy { MaximumAttempts = 2, InitialInterval = TimeSpan.FromMilliseconds(100) } }),
                "heartbeat" => await Workflow.ExecuteActivityAsync(() => RetryActivities.SleepPastTimeoutAsync(),
                    new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(30), HeartbeatTimeout = TimeSpan.FromMilliseconds(500), RetryPolicy = new RetryPolicy { MaximumAttempts = 1 } }),
                _ => throw new ArgumentException(scenario),
            };
        }
        catch (ActivityFailureException failure)
        {
            return failure.InnerException switch
            {
                ApplicationFailureException app => $"failed:{app.ErrorType}:{failure.RetryState}",
                TimeoutFailureException timeout => $"timeout:{timeout.TimeoutType}:{failure.RetryState}",
                var other => $"other:{other?.GetType().Name}",
            };
        }
    }
}
