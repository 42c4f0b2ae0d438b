using Fencepost.Engine.Sdk.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>Duplicate starts, cancel, terminate, describe, children, continue-as-new, replay, worker restart, load.</summary>
public class LifecycleFlowTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>
{
    [Fact]
    public async Task StartWorkflow_SameIdWhileRunning_ThrowsAlreadyStarted()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var first = await Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new WorkflowOptions(id, queue));
        var error = await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() =>
            Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new WorkflowOptions(id, queue)));
        Assert.Equal(first.ResultRunId, error.RunId);

        var existing = await Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(),
            new WorkflowOptions(id, queue) { IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting });
        Assert.Equal(first.ResultRunId, existing.ResultRunId);
        await first.TerminateAsync("cleanup");
    }

    [Fact]
    public async Task StartWorkflow_SameRequestId_ReturnsSameRun()
    {
        var request = new StartWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowId = NewId("wf"),
            WorkflowType = new Temporalio.Api.Common.V1.WorkflowType { Name = "WaitForeverWorkflow" },
            TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = NewId("tq") },
            RequestId = Guid.NewGuid().ToString(),
            Identity = "test",
        };
        var first = await Client.WorkflowService.StartWorkflowExecutionAsync(request);
        var retried = await Client.WorkflowService.StartWorkflowExecutionAsync(request);
        Assert.Equal(first.RunId, retried.RunId);
        await Client.GetWorkflowHandle(request.WorkflowId).TerminateAsync("cleanup");
    }

    [Fact]
    public async Task StartWorkflow_ClosedWithRejectDuplicate_ThrowsAlreadyStarted()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        await RunWithWorkerAsync(queue, async () =>
        {
            await Client.ExecuteWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("x"), new WorkflowOptions(id, queue));
            await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() => Client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("y"),
                new WorkflowOptions(id, queue) { IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate }));
            var again = await Client.ExecuteWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("z"), new WorkflowOptions(id, queue));
            Assert.Equal("Hello, z!", again);
            return true;
        }, o => o.AddWorkflow<GreetingWorkflow>());
    }

    [Fact]
    public async Task CancelWorkflow_Running_ResultIsCanceled()
    {
        var queue = NewId("tq");
        await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new WorkflowOptions(NewId("wf"), queue));
            await handle.CancelAsync();
            var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            Assert.IsType<CanceledFailureException>(error.InnerException);
            return true;
        }, o => o.AddWorkflow<WaitForeverWorkflow>());
    }

    [Fact]
    public async Task TerminateWorkflow_Running_ResultIsTerminated()
    {
        var handle = await Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new WorkflowOptions(NewId("wf"), NewId("tq")));
        await handle.TerminateAsync("enough");
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
        Assert.IsType<TerminatedFailureException>(error.InnerException);
        var description = await handle.DescribeAsync();
        Assert.Equal(WorkflowExecutionStatus.Terminated, description.Status);
    }

    [Fact]
    public async Task DescribeWorkflow_PendingActivityAndChild_ListsBoth_AndParentCloseTerminatesChild()
    {
        var queue = NewId("tq");
        var childId = NewId("child");
        await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((PendingWorkWorkflow wf) => wf.RunAsync(childId, NewId("idle")), new WorkflowOptions(NewId("wf"), queue));
            var deadline = DateTime.UtcNow + Timeout;
            Temporalio.Api.WorkflowService.V1.DescribeWorkflowExecutionResponse raw;
            do
            {
                // Poll describe until the worker has issued both commands (an observable state change, no sleep).
                raw = await Client.WorkflowService.DescribeWorkflowExecutionAsync(new DescribeWorkflowExecutionRequest
                {
                    Namespace = "default",
                    Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = handle.Id },
                });
            }
            while ((raw.PendingActivities.Count == 0 || raw.PendingChildren.Count == 0 || raw.PendingChildren[0].RunId.Length == 0) && DateTime.UtcNow < deadline);
            Assert.Single(raw.PendingActivities);
            Assert.Equal("Greet", raw.PendingActivities[0].ActivityType.Name);
            Assert.Single(raw.PendingChildren);
            Assert.Equal(childId, raw.PendingChildren[0].WorkflowId);

            await handle.TerminateAsync("parent done");
            var child = Client.GetWorkflowHandle(childId);
            var childError = await Assert.ThrowsAsync<WorkflowFailedException>(() => child.GetResultAsync());
            Assert.IsType<TerminatedFailureException>(childError.InnerException);
            return true;
        }, o => o.AddWorkflow<PendingWorkWorkflow>().AddWorkflow<WaitForeverWorkflow>());
    }

    [Fact]
    public async Task ChildWorkflow_Completes_ParentGetsResult()
    {
        var queue = NewId("tq");
        var result = await RunWithWorkerAsync(queue,
            () => Client.ExecuteWorkflowAsync((ParentWorkflow wf) => wf.RunAsync(NewId("child")), new WorkflowOptions(NewId("wf"), queue)),
            o => o.AddWorkflow<ParentWorkflow>().AddWorkflow<GreetingWorkflow>());
        Assert.Equal("Hello, child!", result);
    }

    [Fact]
    public async Task ContinueAsNew_ThreeTimes_ClientFollowsToFinalResult()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var result = await RunWithWorkerAsync(queue,
            () => Client.ExecuteWorkflowAsync((ContinueAsNewWorkflow wf) => wf.RunAsync(0, 3), new WorkflowOptions(id, queue)),
            o => o.AddWorkflow<ContinueAsNewWorkflow>());
        Assert.Equal(3, result);
        var current = await Client.GetWorkflowHandle(id).DescribeAsync();
        Assert.Equal(WorkflowExecutionStatus.Completed, current.Status);
    }

    [Fact]
    public async Task WorkflowReplayer_FetchedHistory_ReplaysWithoutError()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((SignalWorkflow wf) => wf.RunAsync(), new WorkflowOptions(id, queue));
            await handle.SignalAsync(wf => wf.AddAsync("x"));
            await handle.SignalAsync(wf => wf.AddAsync("done"));
            return await handle.GetResultAsync();
        }, o => o.AddWorkflow<SignalWorkflow>());
        var history = await Client.GetWorkflowHandle(id).FetchHistoryAsync();
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<SignalWorkflow>());
        var replay = await replayer.ReplayWorkflowAsync(history);
        Assert.Null(replay.ReplayFailure);
    }

    [Fact]
    public async Task WorkerRestart_MidWorkflow_NewWorkerFinishesIt()
    {
        var queue = NewId("tq");
        var handle = await RunWithWorkerAsync(queue, async () =>
        {
            var started = await Client.StartWorkflowAsync((SignalWorkflow wf) => wf.RunAsync(), new WorkflowOptions(NewId("wf"), queue));
            await started.SignalAsync(wf => wf.AddAsync("before"));
            Assert.Equal("before", await started.QueryAsync(wf => wf.Received));
            return started;
        }, o => o.AddWorkflow<SignalWorkflow>());
        var result = await RunWithWorkerAsync(queue, async () =>
        {
            await handle.SignalAsync(wf => wf.AddAsync("done"));
            return await handle.GetResultAsync();
        }, o => o.AddWorkflow<SignalWorkflow>());
        Assert.Equal("before,done", result);
    }

    [Fact]
    public async Task ManyWorkflows_TwoHundredAtOnce_AllComplete()
    {
        var queue = NewId("tq");
        var results = await RunWithWorkerAsync(queue, () => Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Client.ExecuteWorkflowAsync((ActivityWorkflow wf) => wf.RunAsync($"n{i}"), new WorkflowOptions(NewId("wf"), queue)))),
            o => o.AddWorkflow<ActivityWorkflow>().AddAllActivities(typeof(GreetingActivities), null));
        Assert.Equal(200, results.Length);
        Assert.Equal("Hi from an activity, n199", results[199]);
    }

    [Fact]
    public async Task GetHistory_UnknownWorkflow_NotFound()
    {
        var error = await Assert.ThrowsAsync<Temporalio.Exceptions.RpcException>(() => Client.WorkflowService.GetWorkflowExecutionHistoryAsync(new GetWorkflowExecutionHistoryRequest
        {
            Namespace = "default",
            Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = NewId("missing") },
        }));
        Assert.Equal(Temporalio.Exceptions.RpcException.StatusCode.NotFound, error.Code);
    }
}
