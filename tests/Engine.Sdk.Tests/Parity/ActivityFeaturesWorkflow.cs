using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Parity;

/// <summary>One activity feature per case: heartbeat details across attempts, async completion (also cancelled, or retried later), local retries, fan-out.</summary>
[Workflow]
public class ActivityFeaturesWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string feature, int count)
    {
        switch (feature)
        {
            case "heartbeat-details":
                return (await Workflow.ExecuteActivityAsync(() => ParityActivities.ResumableAsync(), new ActivityOptions
                {
                    StartToCloseTimeout = TimeSpan.FromSeconds(10),
                    HeartbeatTimeout = TimeSpan.FromSeconds(5),
                    RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(100), MaximumAttempts = 2 },
                })).ToString(System.Globalization.CultureInfo.InvariantCulture);
            case "async-completion":
                return await Workflow.ExecuteActivityAsync(() => ParityActivities.CompleteLater(), new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(30) });
            case "async-cancelled":
                try
                {
                    // Cancelled with the workflow; waits until the test reports the cancellation.
                    return await Workflow.ExecuteActivityAsync(() => ParityActivities.CompleteLater(), new ActivityOptions
                    {
                        StartToCloseTimeout = TimeSpan.FromSeconds(60),
                        CancellationType = ActivityCancellationType.WaitCancellationCompleted,
                    });
                }
                catch (ActivityFailureException e) when (e.InnerException is CanceledFailureException)
                {
                    return "activity cancelled";
                }
            case "async-retried-later":
                // The second attempt is an hour away: after a failed first attempt it waits, not started.
                return await Workflow.ExecuteActivityAsync(() => ParityActivities.CompleteLater(), new ActivityOptions
                {
                    StartToCloseTimeout = TimeSpan.FromSeconds(30),
                    RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromHours(1), MaximumAttempts = 2 },
                });
            case "local-retries":
                var attempt = await Workflow.ExecuteLocalActivityAsync(() => ParityActivities.Flaky(count), new LocalActivityOptions
                {
                    StartToCloseTimeout = TimeSpan.FromSeconds(10),
                    RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(100), MaximumAttempts = 5 },
                });
                return attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
            default:
                var results = await Workflow.WhenAllAsync(Enumerable.Range(0, count).Select(i =>
                    Workflow.ExecuteActivityAsync(() => ParityActivities.Greet($"n{i}"), new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(30) })));
                return results.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
