using Fencepost.Engine.Sdk.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>Server-side activity retries, timeouts and cancellation; workflow task retries.</summary>
public class ActivityFlowTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>
{
    private Task<string> RunScenarioAsync(string scenario)
    {
        var queue = NewId("tq");
        return RunWithWorkerAsync(queue,
            () => Client.ExecuteWorkflowAsync((RetryWorkflow wf) => wf.RunAsync(scenario), new WorkflowOptions(NewId("wf"), queue)),
            o => o.AddWorkflow<RetryWorkflow>().AddAllActivities(typeof(RetryActivities), null));
    }

    [Fact]
    public async Task Activity_FailsTwice_RetriedOnServerUntilSuccess()
    {
        Assert.Equal("succeeded on attempt 3", await RunScenarioAsync("retry"));
    }

    [Fact]
    public async Task Activity_NonRetryableFailure_FailsAtOnce()
    {
        Assert.Equal("failed:Broken:NonRetryableFailure", await RunScenarioAsync("non-retryable"));
    }

    [Fact]
    public async Task Activity_StartToCloseExceeded_TimesOutAfterMaximumAttempts()
    {
        Assert.Equal("timeout:StartToClose:MaximumAttemptsReached", await RunScenarioAsync("start-to-close"));
    }

    [Fact]
    public async Task Activity_NoHeartbeats_TimesOutOnHeartbeat()
    {
        Assert.Equal("timeout:Heartbeat:MaximumAttemptsReached", await RunScenarioAsync("heartbeat"));
    }

    [Fact]
    public async Task Activity_CancelledByWorkflow_WorkerLearnsFromHeartbeat()
    {
        var queue = NewId("tq");
        var result = await RunWithWorkerAsync(queue,
            () => Client.ExecuteWorkflowAsync((CancelActivityWorkflow wf) => wf.RunAsync(), new WorkflowOptions(NewId("wf"), queue)),
            o => o.AddWorkflow<CancelActivityWorkflow>().AddAllActivities(typeof(RetryActivities), null));
        Assert.Equal("canceled", result);
    }

    [Fact]
    public async Task WorkflowTask_FailsTwice_RetriedWithIncreasingAttempts()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        // The SDK reports only a first workflow task failure; a repeated one ends at the task
        // timeout (1 s, to keep this short). The attempt that succeeds can outlive that timeout too
        // when the machine is loaded, and is then timed out and run again: so the run ends after
        // three or more attempts, each workflow task one attempt more than the last.
        var result = await RunWithWorkerAsync(queue,
            () => Client.ExecuteWorkflowAsync((FlakyWorkflow wf) => wf.RunAsync(2), new WorkflowOptions(id, queue) { TaskTimeout = TimeSpan.FromSeconds(1) }),
            o => o.AddWorkflow<FlakyWorkflow>());
        var attempts = new List<int>();
        await foreach (var historyEvent in Client.GetWorkflowHandle(id).FetchHistoryEventsAsync())
        {
            if (historyEvent.EventType == EventType.WorkflowTaskScheduled)
            {
                attempts.Add(historyEvent.WorkflowTaskScheduledEventAttributes.Attempt);
            }
        }
        Assert.True(attempts.Count >= 3, $"Two failing workflow tasks and a succeeding one need three attempts, not {attempts.Count}.");
        Assert.Equal(Enumerable.Range(1, attempts.Count), attempts);
        Assert.Equal($"ok after {attempts.Count}", result);
    }
}
