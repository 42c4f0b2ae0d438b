using Fencepost.Engine.Frontend;
using Fencepost.Engine.History;
using Fencepost.Engine.Sdk.Tests.Workflows;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// How large one run may grow (Temporal's limits, as dynamic config keys set low here): each is
/// answered the way Temporal answers it, and what stays within the limits keeps working.
/// </summary>
public class RunLimitTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>
{
    [Fact]
    public async Task Signal_PastMaximumSignalsPerExecution_RefusedWithInvalidArgumentAndTheRunStaysOpen()
    {
        using var limit = SetForDefaultNamespace(RunLimitKeys.MaximumSignalsPerExecution, 3);
        var handle = await StartWithoutWorkerAsync("signals");

        for (var i = 0; i < 3; i++)
        {
            await handle.SignalAsync("poke", []);
        }
        var refused = await Assert.ThrowsAsync<RpcException>(() => handle.SignalAsync("poke", []));

        Assert.Equal(RpcException.StatusCode.InvalidArgument, refused.Code);
        Assert.Contains("exceeded workflow execution limit for signal events", refused.Message);
        var described = await handle.DescribeAsync();
        Assert.Equal(WorkflowExecutionStatus.Running, described.Status);
        Assert.Equal(3, (await handle.FetchHistoryAsync()).Events.Count(e => e.EventType == EventType.WorkflowExecutionSignaled));
        await handle.TerminateAsync("test done");
    }

    [Fact]
    public async Task SignalExternal_TargetPastMaximumSignalsPerExecution_SignallerSeesSignalCountLimitExceeded()
    {
        using var limit = SetForDefaultNamespace(RunLimitKeys.MaximumSignalsPerExecution, 3);
        var target = await StartWithoutWorkerAsync("full-target");
        for (var i = 0; i < 3; i++)
        {
            await target.SignalAsync("poke", []);
        }
        var queue = NewId("tq");

        var (result, failed) = await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((SignalOtherWorkflow wf) => wf.RunAsync(target.Id), new WorkflowOptions(NewId("signaller"), queue));
            var result = await handle.GetResultAsync<string>();
            var failed = (await handle.FetchHistoryAsync()).Events.Single(e => e.EventType == EventType.SignalExternalWorkflowExecutionFailed);
            return (result, failed);
        }, o => o.AddWorkflow<SignalOtherWorkflow>());

        Assert.Equal(SignalExternalWorkflowExecutionFailedCause.SignalCountLimitExceeded, failed.SignalExternalWorkflowExecutionFailedEventAttributes.Cause);
        Assert.Contains("signal limit was exceeded", result, StringComparison.Ordinal);
        Assert.Equal(WorkflowExecutionStatus.Running, (await target.DescribeAsync()).Status);
        Assert.Equal(3, (await target.FetchHistoryAsync()).Events.Count(e => e.EventType == EventType.WorkflowExecutionSignaled));
        await target.TerminateAsync("test done");
    }

    [Fact]
    public async Task Signal_HistoryCountPastTheErrorLimit_RunTerminatedWithTemporalsReason()
    {
        using var limit = SetForDefaultNamespace(RunLimitKeys.HistoryCountError, 20);
        var handle = await StartWithoutWorkerAsync("count");

        // Started and the first workflow task scheduled are 2 events; each signal adds one.
        for (var i = 0; i < 18; i++)
        {
            await handle.SignalAsync("poke", []);
        }
        var refused = await Assert.ThrowsAsync<RpcException>(() => handle.SignalAsync("poke", []));

        Assert.Equal(RpcException.StatusCode.InvalidArgument, refused.Code);
        Assert.Contains("Workflow history count exceeds limit.", refused.Message);
        var history = await handle.FetchHistoryAsync();
        var terminated = history.Events.Last();
        Assert.Equal(EventType.WorkflowExecutionTerminated, terminated.EventType);
        Assert.Equal("Workflow history count exceeds limit.", terminated.WorkflowExecutionTerminatedEventAttributes.Reason);
        Assert.Equal("history-service", terminated.WorkflowExecutionTerminatedEventAttributes.Identity);
        Assert.Equal(21, history.Events.Count);
    }

    [Fact]
    public async Task CompleteWorkflowTask_MarkersPastTheHistoryCountLimit_NothingWrittenRunTerminatedWorkerHearsInvalidArgument()
    {
        using var limit = SetForDefaultNamespace(RunLimitKeys.HistoryCountError, 20);
        var queue = NewId("raw-tq");
        var handle = await Client.StartWorkflowAsync("RawMarkers", [], new WorkflowOptions(NewId("markers"), queue));
        var task = await Client.WorkflowService.PollWorkflowTaskQueueAsync(new PollWorkflowTaskQueueRequest
        {
            Namespace = "default",
            TaskQueue = new TaskQueue { Name = queue },
            Identity = "raw-worker",
        });
        var completion = new RespondWorkflowTaskCompletedRequest { Namespace = "default", TaskToken = task.TaskToken, Identity = "raw-worker" };
        // As the 60,000 markers in one completion, scaled to the lowered limit.
        completion.Commands.AddRange(Enumerable.Range(0, 30).Select(i => new Command
        {
            CommandType = CommandType.RecordMarker,
            RecordMarkerCommandAttributes = new RecordMarkerCommandAttributes { MarkerName = $"marker-{i}" },
        }));

        var refused = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.RespondWorkflowTaskCompletedAsync(completion));

        Assert.Equal(RpcException.StatusCode.InvalidArgument, refused.Code);
        Assert.Contains("Workflow history count exceeds limit.", refused.Message);
        var history = await handle.FetchHistoryAsync();
        Assert.DoesNotContain(history.Events, e => e.EventType == EventType.MarkerRecorded);
        Assert.Equal("Workflow history count exceeds limit.", history.Events.Last().WorkflowExecutionTerminatedEventAttributes.Reason);
    }

    [Fact]
    public async Task Signal_HistorySizePastTheErrorLimit_RunTerminatedWithTemporalsReason()
    {
        using var limit = SetForDefaultNamespace(RunLimitKeys.HistorySizeError, 2_000L);
        var handle = await StartWithoutWorkerAsync("size");
        var big = new string('x', 600);

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await handle.SignalAsync("poke", [big]);
            }
        });

        Assert.Equal(RpcException.StatusCode.InvalidArgument, refused.Code);
        Assert.Contains("Workflow history size exceeds limit.", refused.Message);
        var terminated = (await handle.FetchHistoryAsync()).Events.Last();
        Assert.Equal("Workflow history size exceeds limit.", terminated.WorkflowExecutionTerminatedEventAttributes.Reason);
    }

    [Fact]
    public async Task CompleteWorkflowTask_MoreActivitiesThanThePendingLimit_TaskFailsWithTheLimitCauseAndTheRunGoesOnOnceAllowed()
    {
        var queue = NewId("tq");
        var id = NewId("pending");
        var limit = SetForDefaultNamespace(RunLimitKeys.NumPendingActivitiesError, 2);
        try
        {
            var result = await RunWithWorkerAsync(queue, async () =>
            {
                var handle = await Client.StartWorkflowAsync((ParallelActivitiesWorkflow wf) => wf.RunAsync(3), new WorkflowOptions(id, queue));
                var failed = await FirstAsync(handle, e => e.EventType == EventType.WorkflowTaskFailed);
                Assert.Equal(WorkflowTaskFailedCause.PendingActivitiesLimitExceeded, failed.WorkflowTaskFailedEventAttributes.Cause);
                // The run stays open: with room for the activities the worker's next attempt goes through.
                limit.Dispose();
                return await handle.GetResultAsync();
            }, o => o.AddWorkflow<ParallelActivitiesWorkflow>().AddAllActivities(typeof(GreetingActivities), null));

            Assert.Equal(3, result.Length);
        }
        finally
        {
            limit.Dispose();
        }
    }

    [Theory]
    [InlineData("children", WorkflowTaskFailedCause.PendingChildWorkflowsLimitExceeded)]
    [InlineData("signals", WorkflowTaskFailedCause.PendingSignalsLimitExceeded)]
    [InlineData("cancels", WorkflowTaskFailedCause.PendingRequestCancelLimitExceeded)]
    public async Task CompleteWorkflowTask_MorePendingCommandsThanTheirLimit_TaskFailsWithTheLimitCause(string kind, WorkflowTaskFailedCause cause)
    {
        var queue = NewId("tq");
        var id = NewId(kind);
        using var limit = SetForDefaultNamespace(kind switch
        {
            "children" => RunLimitKeys.NumPendingChildExecutionsError,
            "signals" => RunLimitKeys.NumPendingSignalsError,
            _ => RunLimitKeys.NumPendingCancelRequestsError,
        }, 2);

        var failed = await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((FanOutWorkflow wf) => wf.RunAsync(kind, 3), new WorkflowOptions(id, queue));
            var failed = await FirstAsync(handle, e => e.EventType == EventType.WorkflowTaskFailed);
            await handle.TerminateAsync("test done");
            return failed;
        }, o => o.AddWorkflow<FanOutWorkflow>().AddWorkflow<WaitForeverWorkflow>());

        Assert.Equal(cause, failed.WorkflowTaskFailedEventAttributes.Cause);
    }

    [Fact]
    public async Task GetWorkflowExecutionHistory_AskedForIntMaxValueEvents_GetsPagesOfTheConfiguredMaximum()
    {
        using var limit = SetForDefaultNamespace(FrontendConfigKeys.HistoryMaxPageSize, 3);
        var handle = await StartWithoutWorkerAsync("pages");
        for (var i = 0; i < 5; i++)
        {
            await handle.SignalAsync("poke", []);
        }
        var request = new GetWorkflowExecutionHistoryRequest
        {
            Namespace = "default",
            Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = handle.Id },
            MaximumPageSize = int.MaxValue,
        };

        var pages = new List<int>();
        do
        {
            var page = await Client.WorkflowService.GetWorkflowExecutionHistoryAsync(request);
            pages.Add(page.History.Events.Count);
            request.NextPageToken = page.NextPageToken;
        }
        while (!request.NextPageToken.IsEmpty);

        Assert.Equal([3, 3, 1], pages);
        await handle.TerminateAsync("test done");
    }

    [Fact]
    public async Task ListWorkflowExecutions_AskedForIntMaxValueRuns_GetsPagesOfTheConfiguredMaximum()
    {
        using var limit = SetForDefaultNamespace(FrontendConfigKeys.VisibilityMaxPageSize, 2);
        var type = NewId("ListCap");
        var handles = new List<WorkflowHandle>();
        for (var i = 0; i < 3; i++)
        {
            handles.Add(await Client.StartWorkflowAsync(type, [], new WorkflowOptions(NewId("listed"), NewId("idle-tq"))));
        }
        var request = new ListWorkflowExecutionsRequest { Namespace = "default", Query = $"WorkflowType = '{type}'", PageSize = int.MaxValue };

        var first = await Client.WorkflowService.ListWorkflowExecutionsAsync(request);
        request.NextPageToken = first.NextPageToken;
        var second = await Client.WorkflowService.ListWorkflowExecutionsAsync(request);

        Assert.Equal(2, first.Executions.Count);
        Assert.Single(second.Executions);
        foreach (var handle in handles)
        {
            await handle.TerminateAsync("test done");
        }
    }

    /// <summary>A run no worker polls for: it only gathers the events the test sends it.</summary>
    private Task<WorkflowHandle> StartWithoutWorkerAsync(string prefix) =>
        Client.StartWorkflowAsync("NoWorkerPolls", [], new WorkflowOptions(NewId(prefix), NewId("idle-tq")));

    private static async Task<HistoryEvent> FirstAsync(WorkflowHandle handle, Func<HistoryEvent, bool> match)
    {
        await foreach (var historyEvent in handle.FetchHistoryEventsAsync(new WorkflowHistoryEventFetchOptions { WaitNewEvent = true }))
        {
            if (match(historyEvent))
            {
                return historyEvent;
            }
        }
        throw new InvalidOperationException("The run closed without the expected event.");
    }
}
