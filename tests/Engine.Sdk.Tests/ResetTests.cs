using Fencepost.Engine.Sdk.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using RpcException = Temporalio.Exceptions.RpcException;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// ResetWorkflowExecution through the .NET SDK's client (it has no high-level reset, so the raw
/// WorkflowService call) with a real worker: the recovery from a bad deploy, signals after the
/// reset point, closed runs, continue-as-new chains, request-id dedup and refused event ids.
/// </summary>
public class ResetTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>
{
    private const string Reason = "bad deploy 2026-12-07";

    [Fact]
    public async Task ResetWorkflowExecution_FailedByBadDeployResetToFirstTask_CompletesWithFixedWorker()
    {
        var queue = NewId("tq");
        var workflowId = NewId("deploy");
        var failed = await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((DeployWorkflow wf) => wf.RunAsync("order-7"), new WorkflowOptions(workflowId, queue));
            await Assert.ThrowsAsync<Temporalio.Exceptions.WorkflowFailedException>(() => handle.GetResultAsync());
            return handle;
        }, o => o.AddWorkflow<DeployWorkflow>().AddAllActivities(new DeployActivities(broken: true)));
        var baseRunId = failed.ResultRunId!;
        var firstTask = (await failed.FetchHistoryAsync()).Events.First(e => e.EventType == EventType.WorkflowTaskCompleted).EventId;
        // The operator's way in: the auto-reset point the worker's build left on the run.
        var point = Assert.Single((await DescribeAsync(workflowId, baseRunId)).WorkflowExecutionInfo.AutoResetPoints.Points);
        Assert.Equal(firstTask, point.FirstWorkflowTaskCompletedId);
        Assert.Equal(baseRunId, point.RunId);
        Assert.True(point.Resettable);

        var reset = await ResetAsync(workflowId, baseRunId, point.FirstWorkflowTaskCompletedId);

        var result = await RunWithWorkerAsync(queue, () => Client.GetWorkflowHandle(workflowId).GetResultAsync<string>(),
            o => o.AddWorkflow<DeployWorkflow>().AddAllActivities(new DeployActivities(broken: false)));
        Assert.Equal("shipped order-7", result);
        var events = (await Client.GetWorkflowHandle(workflowId, reset.RunId).FetchHistoryAsync()).Events.ToList();
        var started = events[0].WorkflowExecutionStartedEventAttributes;
        Assert.Equal(baseRunId, started.OriginalExecutionRunId);
        Assert.Equal(baseRunId, started.FirstExecutionRunId);
        var resetTask = events[(int)firstTask - 1];
        Assert.Equal(EventType.WorkflowTaskFailed, resetTask.EventType);
        Assert.Equal(WorkflowTaskFailedCause.ResetWorkflow, resetTask.WorkflowTaskFailedEventAttributes.Cause);
        Assert.Equal(baseRunId, resetTask.WorkflowTaskFailedEventAttributes.BaseRunId);
        Assert.Equal(reset.RunId, resetTask.WorkflowTaskFailedEventAttributes.NewRunId);
        Assert.Equal(Reason, resetTask.WorkflowTaskFailedEventAttributes.Failure.Message);
        var baseRun = await Client.GetWorkflowHandle(workflowId, baseRunId).DescribeAsync();
        Assert.Equal(WorkflowExecutionStatus.Failed, baseRun.Status);
    }

    [Theory]
    [InlineData(ResetReapplyType.Unspecified, "a,b,done")]
    [InlineData(ResetReapplyType.Signal, "a,b,done")]
    [InlineData(ResetReapplyType.None, "done")]
    public async Task ResetWorkflowExecution_SignalsAfterTheResetPoint_ReappliedPerReapplyType(ResetReapplyType reapply, string expected)
    {
        var queue = NewId("tq");
        var workflowId = NewId("signals");
        var (baseRunId, result) = await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((SignalWorkflow wf) => wf.RunAsync(), new WorkflowOptions(workflowId, queue));
            var firstTask = await FirstWorkflowTaskCompletedAsync(handle);
            await handle.SignalAsync(wf => wf.AddAsync("a"));
            await handle.SignalAsync(wf => wf.AddAsync("b"));

            await ResetAsync(workflowId, "", firstTask, reapply: reapply);

            var current = Client.GetWorkflowHandle<SignalWorkflow>(workflowId);
            await current.SignalAsync(wf => wf.AddAsync("done"));
            return (handle.ResultRunId!, await current.GetResultAsync<string>());
        }, o => o.AddWorkflow<SignalWorkflow>());

        Assert.Equal(expected, result);
        var terminated = (await Client.GetWorkflowHandle(workflowId, baseRunId).FetchHistoryAsync()).Events.Last();
        Assert.Equal(EventType.WorkflowExecutionTerminated, terminated.EventType);
        Assert.Equal(Reason, terminated.WorkflowExecutionTerminatedEventAttributes.Reason);
    }

    [Fact]
    public async Task ResetWorkflowExecution_ExcludeSignalType_DoesNotReapplySignals()
    {
        var queue = NewId("tq");
        var workflowId = NewId("exclude");
        var result = await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((SignalWorkflow wf) => wf.RunAsync(), new WorkflowOptions(workflowId, queue));
            var firstTask = await FirstWorkflowTaskCompletedAsync(handle);
            await handle.SignalAsync(wf => wf.AddAsync("a"));
            await ResetAsync(workflowId, "", firstTask, exclude: ResetReapplyExcludeType.Signal);
            var current = Client.GetWorkflowHandle<SignalWorkflow>(workflowId);
            await current.SignalAsync(wf => wf.AddAsync("done"));
            return await current.GetResultAsync<string>();
        }, o => o.AddWorkflow<SignalWorkflow>());
        Assert.Equal("done", result);
    }

    [Fact]
    public async Task ResetWorkflowExecution_PostResetSignal_DeliveredToTheNewRunAfterReappliedOnes()
    {
        var queue = NewId("tq");
        var workflowId = NewId("post-reset");
        var result = await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((SignalWorkflow wf) => wf.RunAsync(), new WorkflowOptions(workflowId, queue));
            var firstTask = await FirstWorkflowTaskCompletedAsync(handle);
            await handle.SignalAsync(wf => wf.AddAsync("a"));
            var done = new Temporalio.Api.Workflow.V1.PostResetOperation
            {
                SignalWorkflow = new() { SignalName = "Add", Input = new Temporalio.Api.Common.V1.Payloads { Payloads_ = { Client.Options.DataConverter.PayloadConverter.ToPayload("done") } } },
            };
            var reset = await ResetAsync(workflowId, "", firstTask, postReset: done);
            return await Client.GetWorkflowHandle(workflowId, reset.RunId).GetResultAsync<string>();
        }, o => o.AddWorkflow<SignalWorkflow>());
        Assert.Equal("a,done", result);
    }

    [Fact]
    public async Task ResetWorkflowExecution_CompletedRun_NewRunCompletesAndOldRunStaysCompleted()
    {
        var queue = NewId("tq");
        var workflowId = NewId("completed");
        var result = await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("again"), new WorkflowOptions(workflowId, queue));
            await handle.GetResultAsync();
            var reset = await ResetAsync(workflowId, "", FirstTaskCompleted((await handle.FetchHistoryAsync()).Events));
            var describe = await Client.GetWorkflowHandle(workflowId).DescribeAsync();
            Assert.Equal(reset.RunId, describe.RunId);
            var oldRun = await Client.GetWorkflowHandle(workflowId, handle.ResultRunId).DescribeAsync();
            Assert.Equal(WorkflowExecutionStatus.Completed, oldRun.Status);
            return await Client.GetWorkflowHandle(workflowId, reset.RunId).GetResultAsync<string>();
        }, o => o.AddWorkflow<GreetingWorkflow>());
        Assert.Equal("Hello, again!", result);
    }

    [Fact]
    public async Task ResetWorkflowExecution_EarlierRunOfContinueAsNewChain_CurrentPointerMovesToNewRun()
    {
        var queue = NewId("tq");
        var workflowId = NewId("chain");
        await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((ContinueAsNewWorkflow wf) => wf.RunAsync(0, 2), new WorkflowOptions(workflowId, queue));
            Assert.Equal(2, await Client.GetWorkflowHandle(workflowId).GetResultAsync<int>());
            var firstRunId = handle.ResultRunId!;
            var lastRunId = (await Client.GetWorkflowHandle(workflowId).DescribeAsync()).RunId;
            Assert.NotEqual(firstRunId, lastRunId);

            var firstRun = await Client.GetWorkflowHandle(workflowId, firstRunId).FetchHistoryAsync();
            var reset = await ResetAsync(workflowId, firstRunId, FirstTaskCompleted(firstRun.Events));

            var resetRun = (await Client.GetWorkflowHandle(workflowId, reset.RunId).FetchHistoryAsync()).Events.ToList();
            Assert.Equal(firstRunId, resetRun[0].WorkflowExecutionStartedEventAttributes.FirstExecutionRunId);
            // The reset run replays the first run's decision and continues the chain again, to the same end.
            Assert.Equal(2, await Client.GetWorkflowHandle(workflowId, reset.RunId).GetResultAsync<int>());
            var current = await DescribeAsync(workflowId);
            Assert.NotEqual(lastRunId, current.WorkflowExecutionInfo.Execution.RunId);
            Assert.Equal(firstRunId, current.WorkflowExecutionInfo.FirstRunId);
            return true;
        }, o => o.AddWorkflow<ContinueAsNewWorkflow>());
    }

    [Fact]
    public async Task ResetWorkflowExecution_SameRequestIdTwice_ReturnsTheSameRun()
    {
        var queue = NewId("tq");
        var workflowId = NewId("dedup");
        await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((SignalWorkflow wf) => wf.RunAsync(), new WorkflowOptions(workflowId, queue));
            var firstTask = await FirstWorkflowTaskCompletedAsync(handle);
            var requestId = Guid.NewGuid().ToString();

            var first = await ResetAsync(workflowId, handle.ResultRunId!, firstTask, requestId);
            var second = await ResetAsync(workflowId, handle.ResultRunId!, firstTask, requestId);

            Assert.Equal(first.RunId, second.RunId);
            Assert.Equal(first.RunId, (await Client.GetWorkflowHandle(workflowId).DescribeAsync()).RunId);
            await Client.GetWorkflowHandle(workflowId).TerminateAsync("done");
            return true;
        }, o => o.AddWorkflow<SignalWorkflow>());
    }

    [Fact]
    public async Task ResetWorkflowExecution_BadEventIdOrRun_InvalidArgumentOrNotFound()
    {
        var queue = NewId("tq");
        var workflowId = NewId("bad");
        await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("x"), new WorkflowOptions(workflowId, queue));
            await handle.GetResultAsync();
            var runId = handle.ResultRunId!;
            var events = (await handle.FetchHistoryAsync()).Events;
            var scheduled = events.First(e => e.EventType == EventType.WorkflowTaskScheduled).EventId;

            foreach (var eventId in new[] { 0L, 1L, scheduled, events.Count + 1L, 10_000L })
            {
                var refused = await Assert.ThrowsAsync<RpcException>(() => ResetAsync(workflowId, runId, eventId));
                Assert.Equal(RpcException.StatusCode.InvalidArgument, refused.Code);
            }
            var unknown = await Assert.ThrowsAsync<RpcException>(() => ResetAsync(workflowId, Guid.NewGuid().ToString(), FirstTaskCompleted(events)));
            Assert.Equal(RpcException.StatusCode.NotFound, unknown.Code);
            var options = new Temporalio.Api.Workflow.V1.PostResetOperation { UpdateWorkflowOptions = new() };
            var unsupported = await Assert.ThrowsAsync<RpcException>(() => ResetAsync(workflowId, runId, FirstTaskCompleted(events), postReset: options));
            Assert.Equal(RpcException.StatusCode.InvalidArgument, unsupported.Code);
            var noWorkflow = await Assert.ThrowsAsync<RpcException>(() => ResetAsync(NewId("missing"), "", FirstTaskCompleted(events)));
            Assert.Equal(RpcException.StatusCode.NotFound, noWorkflow.Code);
            Assert.Equal(runId, (await Client.GetWorkflowHandle(workflowId).DescribeAsync()).RunId);
            return true;
        }, o => o.AddWorkflow<GreetingWorkflow>());
    }

    private Task<ResetWorkflowExecutionResponse> ResetAsync(string workflowId, string runId, long finishEventId, string? requestId = null,
        ResetReapplyType reapply = ResetReapplyType.Unspecified, ResetReapplyExcludeType? exclude = null, Temporalio.Api.Workflow.V1.PostResetOperation? postReset = null)
    {
        var request = new ResetWorkflowExecutionRequest
        {
            Namespace = Client.Options.Namespace,
            WorkflowExecution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = workflowId, RunId = runId },
            Reason = Reason,
            WorkflowTaskFinishEventId = finishEventId,
            RequestId = requestId ?? Guid.NewGuid().ToString(),
            Identity = "reset-tests",
#pragma warning disable CS0612 // The SDKs and the CLI still send the deprecated reapply type.
            ResetReapplyType = reapply,
#pragma warning restore CS0612
        };
        if (postReset is not null)
        {
            request.PostResetOperations.Add(postReset);
        }
        if (exclude is { } excluded)
        {
            request.ResetReapplyExcludeTypes.Add(excluded);
        }
        return Client.WorkflowService.ResetWorkflowExecutionAsync(request);
    }

    private Task<DescribeWorkflowExecutionResponse> DescribeAsync(string workflowId, string runId = "") =>
        Client.WorkflowService.DescribeWorkflowExecutionAsync(new DescribeWorkflowExecutionRequest
        {
            Namespace = Client.Options.Namespace,
            Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = workflowId, RunId = runId },
        });

    private static long FirstTaskCompleted(IEnumerable<HistoryEvent> events) =>
        events.First(e => e.EventType == EventType.WorkflowTaskCompleted).EventId;

    /// <summary>Waits (long-polling the history) until the run's first workflow task has completed.</summary>
    private async Task<long> FirstWorkflowTaskCompletedAsync(WorkflowHandle handle)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var request = new GetWorkflowExecutionHistoryRequest
        {
            Namespace = Client.Options.Namespace,
            Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = handle.Id },
            WaitNewEvent = true,
        };
        while (true)
        {
            var page = await Client.WorkflowService.GetWorkflowExecutionHistoryAsync(request, new RpcOptions { CancellationToken = timeout.Token });
            if (page.History.Events.FirstOrDefault(e => e.EventType == EventType.WorkflowTaskCompleted) is { } completed)
            {
                return completed.EventId;
            }
            Assert.False(page.NextPageToken.IsEmpty, $"The history of {handle.Id} ended before its first workflow task completed.");
            request.NextPageToken = page.NextPageToken;
        }
    }
}
