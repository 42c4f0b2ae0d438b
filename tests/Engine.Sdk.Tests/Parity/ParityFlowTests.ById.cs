using Fencepost.Engine.Sdk.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Fencepost.Engine.Sdk.Tests.Parity;

/// <summary>Async activity completion by workflow id and activity id, and history read newest first.</summary>
public partial class ParityFlowTests
{
    [Fact]
    public async Task AsyncActivityHandleById_HeartbeatThenComplete_WorkflowGetsTheResult()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        (string Result, string RunId, string ActivityId) outcome = await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((ActivityFeaturesWorkflow wf) => wf.RunAsync("async-completion", 0), new WorkflowOptions(id, queue));
            await ParityActivities.TaskTokenOfAsync(id).WaitAsync(Timeout);
            var activityId = (await DescribeRawAsync(id)).PendingActivities.Single().ActivityId;
            var byId = Client.GetAsyncActivityHandle(id, handle.ResultRunId!, activityId);
            await byId.HeartbeatAsync(new AsyncActivityHeartbeatOptions { Details = ["halfway"] });
            var pending = (await DescribeRawAsync(id)).PendingActivities.Single();
            Assert.Equal("\"halfway\"", pending.HeartbeatDetails.Payloads_[0].Data.ToStringUtf8());
            await byId.CompleteAsync("completed by id");
            return (await handle.GetResultAsync<string>(), handle.ResultRunId!, activityId);
        });
        Assert.Equal("completed by id", outcome.Result);

        // The activity is gone: completing it again is NOT_FOUND, as for a stale task token.
        var again = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.RespondActivityTaskCompletedByIdAsync(new RespondActivityTaskCompletedByIdRequest
        {
            Namespace = "default",
            WorkflowId = id,
            RunId = outcome.RunId,
            ActivityId = outcome.ActivityId,
        }));
        Assert.Equal(RpcException.StatusCode.NotFound, again.Code);
    }

    [Fact]
    public async Task AsyncActivityHandleById_FailNonRetryable_WorkflowSeesTheFailure()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var error = await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((ActivityFeaturesWorkflow wf) => wf.RunAsync("async-completion", 0), new WorkflowOptions(id, queue));
            await ParityActivities.TaskTokenOfAsync(id).WaitAsync(Timeout);
            var activityId = (await DescribeRawAsync(id)).PendingActivities.Single().ActivityId;
            await Client.GetAsyncActivityHandle(id, "", activityId).FailAsync(new ApplicationFailureException("failed by id", nonRetryable: true));
            return await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync<string>());
        });
        var activity = Assert.IsType<ActivityFailureException>(error.InnerException);
        Assert.Equal("failed by id", activity.InnerException?.Message);
    }

    [Fact]
    public async Task AsyncActivityHandleById_CancelledWithTheWorkflow_HeartbeatSaysSoAndCancellationIsReportedById()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var (result, details) = await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((ActivityFeaturesWorkflow wf) => wf.RunAsync("async-cancelled", 0), new WorkflowOptions(id, queue));
            await ParityActivities.TaskTokenOfAsync(id).WaitAsync(Timeout);
            var byId = Client.GetAsyncActivityHandle(id, "", (await DescribeRawAsync(id)).PendingActivities.Single().ActivityId);
            await byId.HeartbeatAsync(new AsyncActivityHeartbeatOptions { Details = ["not yet"] });
            await handle.CancelAsync();
            await AwaitEventAsync(handle, EventType.ActivityTaskCancelRequested);
            await Assert.ThrowsAsync<AsyncActivityCanceledException>(() => byId.HeartbeatAsync(new AsyncActivityHeartbeatOptions { Details = ["still working"] }));
            await byId.ReportCancellationAsync(new AsyncActivityReportCancellationOptions { Details = ["cleaned up"] });
            var result = await handle.GetResultAsync<string>();
            var cancelled = await AwaitEventAsync(handle, EventType.ActivityTaskCanceled);
            return (result, cancelled.ActivityTaskCanceledEventAttributes.Details.Payloads_[0].Data.ToStringUtf8());
        });
        Assert.Equal("activity cancelled", result);
        Assert.Equal("\"cleaned up\"", details);
    }

    [Fact]
    public async Task AsyncActivityHandleById_NextAttemptNotStarted_NotFoundAsIsTheFailedAttemptsToken()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((ActivityFeaturesWorkflow wf) => wf.RunAsync("async-retried-later", 0), new WorkflowOptions(id, queue));
            var firstAttempt = await ParityActivities.TaskTokenOfAsync(id).WaitAsync(Timeout);
            var byId = Client.GetAsyncActivityHandle(id, "", (await DescribeRawAsync(id)).PendingActivities.Single().ActivityId);
            await byId.FailAsync(new ApplicationFailureException("first attempt fails", errorType: "Flaky"));
            var pending = (await DescribeRawAsync(id)).PendingActivities.Single();
            Assert.Equal(2, pending.Attempt);
            Assert.Equal(PendingActivityState.Scheduled, pending.State);
            Assert.Equal("first attempt fails", pending.LastFailure.Message);

            async Task NotFound(Func<Task> call) => Assert.Equal(RpcException.StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(call)).Code);
            await NotFound(() => byId.CompleteAsync("too early"));
            await NotFound(() => byId.HeartbeatAsync());
            await NotFound(() => Client.GetAsyncActivityHandle(firstAttempt).CompleteAsync("too late"));
            Assert.Equal(2, (await DescribeRawAsync(id)).PendingActivities.Single().Attempt);
            await handle.TerminateAsync("cleanup");
            return true;
        });
    }

    /// <summary>Long-polls the run's history until an event of <paramref name="type"/> is written.</summary>
    private static async Task<Temporalio.Api.History.V1.HistoryEvent> AwaitEventAsync(WorkflowHandle handle, EventType type)
    {
        await foreach (var e in handle.FetchHistoryEventsAsync(new WorkflowHistoryEventFetchOptions { WaitNewEvent = true }))
        {
            if (e.EventType == type)
            {
                return e;
            }
        }
        throw new InvalidOperationException($"The run closed without a {type} event.");
    }

    private Task<DescribeWorkflowExecutionResponse> DescribeRawAsync(string workflowId) =>
        Client.WorkflowService.DescribeWorkflowExecutionAsync(new DescribeWorkflowExecutionRequest
        {
            Namespace = "default",
            Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = workflowId },
        });

    [Fact]
    public async Task RespondActivityTaskCompletedById_UnknownActivityOrMissingId_NotFoundOrInvalidArgument()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        await Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new WorkflowOptions(id, queue));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.RespondActivityTaskCompletedByIdAsync(new RespondActivityTaskCompletedByIdRequest
        {
            Namespace = "default",
            WorkflowId = id,
            ActivityId = "no-such-activity",
        }));
        Assert.Equal(RpcException.StatusCode.NotFound, unknown.Code);
        var missing = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.RecordActivityTaskHeartbeatByIdAsync(new RecordActivityTaskHeartbeatByIdRequest
        {
            Namespace = "default",
            WorkflowId = id,
        }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, missing.Code);
        Assert.Contains("ActivityId", missing.Message, StringComparison.Ordinal);
        await Client.GetWorkflowHandle(id).TerminateAsync("cleanup");
    }

    [Fact]
    public async Task GetWorkflowExecutionHistoryReverse_InPagesOfThree_EveryEventNewestFirst()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        await RunAsync(queue, () => Client.ExecuteWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("reverse"), new WorkflowOptions(id, queue)));
        var forward = new List<long>();
        await foreach (var e in Client.GetWorkflowHandle(id).FetchHistoryEventsAsync())
        {
            forward.Add(e.EventId);
        }
        var reverse = new List<long>();
        var pages = 0;
        var request = new GetWorkflowExecutionHistoryReverseRequest
        {
            Namespace = "default",
            Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = id },
            MaximumPageSize = 3,
        };
        do
        {
            var page = await Client.WorkflowService.GetWorkflowExecutionHistoryReverseAsync(request);
            Assert.InRange(page.History.Events.Count, 1, 3);
            reverse.AddRange(page.History.Events.Select(e => e.EventId));
            request.NextPageToken = page.NextPageToken;
            pages++;
        }
        while (!request.NextPageToken.IsEmpty);
        forward.Reverse();
        Assert.Equal(forward, reverse);
        Assert.Equal((forward.Count + 2) / 3, pages);
        Assert.Equal(Temporalio.Api.Enums.V1.EventType.WorkflowExecutionCompleted, (await Client.WorkflowService.GetWorkflowExecutionHistoryReverseAsync(
            new GetWorkflowExecutionHistoryReverseRequest { Namespace = "default", Execution = request.Execution, MaximumPageSize = 1 })).History.Events.Single().EventType);
    }
}
