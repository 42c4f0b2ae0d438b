using Fencepost.Engine.Sdk.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>Cron workflows: first run delayed to the first fire, each run followed by the next, terminate ends the chain.</summary>
public class CronScheduleTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>
{
    [Fact]
    public async Task StartWorkflow_EveryMinute_FirstRunWaitsForFirstFireAndTerminateStopsChain()
    {
        var id = NewId("wf");
        var handle = await Client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("cron"),
            new WorkflowOptions(id, NewId("tq")) { CronSchedule = "* * * * *" });

        var started = (await handle.FetchHistoryAsync()).Events.First();
        var attributes = started.WorkflowExecutionStartedEventAttributes;
        Assert.Equal("* * * * *", attributes.CronSchedule);
        var backoff = attributes.FirstWorkflowTaskBackoff.ToTimeSpan();
        Assert.InRange(backoff, TimeSpan.FromTicks(1), TimeSpan.FromMinutes(1));
        var firstFire = started.EventTime.ToDateTimeOffset() + backoff;
        Assert.Equal(0, firstFire.Second);

        await handle.TerminateAsync("stop the chain");
        var description = await Client.GetWorkflowHandle(id).DescribeAsync();
        Assert.Equal(WorkflowExecutionStatus.Terminated, description.Status);
        Assert.Equal(handle.ResultRunId, description.RunId);
    }

    [Fact]
    public async Task StartWorkflow_EverySecond_NextRunFollowsWithLastResult()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var firstRunId = await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("cron"),
                new WorkflowOptions(id, queue) { CronSchedule = "@every 1s" });
            Assert.Equal("Hello, cron!", await handle.GetResultAsync(followRuns: false));
            return handle.ResultRunId!;
        }, o => o.AddWorkflow<GreetingWorkflow>());

        var firstClose = (await Client.GetWorkflowHandle(id, firstRunId).FetchHistoryAsync()).Events.Last();
        var nextRunId = firstClose.WorkflowExecutionCompletedEventAttributes.NewExecutionRunId;
        Assert.NotEmpty(nextRunId);
        var next = Client.GetWorkflowHandle(id, nextRunId);
        var nextStarted = (await next.FetchHistoryAsync()).Events.First().WorkflowExecutionStartedEventAttributes;
        Assert.Equal(ContinueAsNewInitiator.CronSchedule, nextStarted.Initiator);
        Assert.Equal(firstRunId, nextStarted.ContinuedExecutionRunId);
        Assert.Equal(firstRunId, nextStarted.FirstExecutionRunId);
        Assert.Equal(1, nextStarted.Attempt);
        Assert.NotNull(nextStarted.LastCompletionResult);

        // The next run is due within a second, while the worker may still be polling: on a slow
        // machine it runs it too, and the chain is then a run or more further on. Whichever run is
        // current once the worker has stopped, terminating it must end the chain there.
        var beforeTerminate = await Client.GetWorkflowHandle(id).DescribeAsync();
        await Client.GetWorkflowHandle(id).TerminateAsync("stop the chain");
        var current = await Client.GetWorkflowHandle(id).DescribeAsync();
        Assert.Equal(WorkflowExecutionStatus.Terminated, current.Status);
        Assert.Equal(beforeTerminate.RunId, current.RunId);
    }

    [Fact]
    public async Task StartWorkflow_InvalidCron_InvalidArgumentNamingTheField()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.StartWorkflowExecutionAsync(new StartWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowId = NewId("wf"),
            WorkflowType = new Temporalio.Api.Common.V1.WorkflowType { Name = "GreetingWorkflow" },
            TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = NewId("tq") },
            RequestId = Guid.NewGuid().ToString(),
            CronSchedule = "61 * * * *",
        }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        Assert.Contains("Minute field '61' is not a value in 0-59", error.Message, StringComparison.Ordinal);
    }
}
