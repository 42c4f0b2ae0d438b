using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Parity;

/// <summary>Provokes one kind of activity timeout and returns the timeout type the workflow saw.</summary>
[Workflow]
public class ActivityTimeoutWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string kind, string idleQueue)
    {
        var options = kind switch
        {
            // Retries forever in principle; the schedule-to-close deadline ends them.
            "ScheduleToClose" => new ActivityOptions { ScheduleToCloseTimeout = TimeSpan.FromSeconds(2), StartToCloseTimeout = TimeSpan.FromSeconds(1), RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(100) } },
            "ScheduleToStart" => new ActivityOptions { TaskQueue = idleQueue, ScheduleToStartTimeout = TimeSpan.FromSeconds(1), StartToCloseTimeout = TimeSpan.FromSeconds(10) },
            _ => throw new ApplicationFailureException($"unknown kind {kind}", nonRetryable: true),
        };
        try
        {
            await Workflow.ExecuteActivityAsync(() => ParityActivities.SleepAsync(5_000), options);
            return "none";
        }
        catch (ActivityFailureException failure) when (failure.InnerException is TimeoutFailureException timeout)
        {
            return timeout.TimeoutType.ToString();
        }
    }
}
