using Fencepost.Engine.Sdk.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace Fencepost.Engine.Sdk.Tests.Parity;

/// <summary>
/// The cases the TypeScript suite (Engine.TypeScriptSdk.Tests) runs that the other .NET tests did
/// not: a case that passes with one SDK and fails with the other is a bug in the engine.
/// </summary>
public partial class ParityFlowTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>
{
    [Theory]
    [InlineData("ScheduleToClose")]
    [InlineData("ScheduleToStart")]
    public async Task Activity_TimeoutOfThisKind_ReachesTheWorkflowAsThatTimeout(string kind)
    {
        var queue = NewId("tq");
        var seen = await RunAsync(queue, () => Client.ExecuteWorkflowAsync((ActivityTimeoutWorkflow wf) => wf.RunAsync(kind, NewId("idle")), new WorkflowOptions(NewId("wf"), queue)));
        Assert.Equal(kind, seen);
    }

    [Fact]
    public async Task Activity_FailsAfterHeartbeating_NextAttemptStartsFromTheDetails()
    {
        var queue = NewId("tq");
        var progress = await RunAsync(queue, () => Client.ExecuteWorkflowAsync((ActivityFeaturesWorkflow wf) => wf.RunAsync("heartbeat-details", 0), new WorkflowOptions(NewId("wf"), queue)));
        Assert.Equal("3", progress);
    }

    [Fact]
    public async Task Activity_CompletedWithItsTaskToken_WorkflowGetsTheResult()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var result = await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((ActivityFeaturesWorkflow wf) => wf.RunAsync("async-completion", 0), new WorkflowOptions(id, queue));
            var token = await ParityActivities.TaskTokenOfAsync(id).WaitAsync(Timeout);
            await Client.GetAsyncActivityHandle(token).CompleteAsync("completed from outside");
            return await handle.GetResultAsync();
        });
        Assert.Equal("completed from outside", result);
    }

    /// <summary>
    /// A token's fields are public (describe and history show them all), so a token built from them,
    /// or a real one altered, must not complete anyone's activity: only what the server signed does.
    /// </summary>
    [Fact]
    public async Task Activity_CompletedWithAForgedToken_InvalidArgumentAndTheRealTokenStillWorks()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var result = await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((ActivityFeaturesWorkflow wf) => wf.RunAsync("async-completion", 0), new WorkflowOptions(id, queue));
            var token = await ParityActivities.TaskTokenOfAsync(id).WaitAsync(Timeout);
            // The fields alone, as they are laid out inside the signed envelope (version and key id before, MAC after).
            var unsigned = token[5..^16];
            var altered = (byte[])token.Clone();
            altered[^1] ^= 0x01;

            foreach (var forged in new[] { unsigned, altered })
            {
                var refused = await Assert.ThrowsAsync<Temporalio.Exceptions.RpcException>(() => Client.GetAsyncActivityHandle(forged).CompleteAsync("forged"));
                Assert.Equal(Temporalio.Exceptions.RpcException.StatusCode.InvalidArgument, refused.Code);
            }
            await Client.GetAsyncActivityHandle(token).CompleteAsync("completed from outside");
            return await handle.GetResultAsync();
        });
        Assert.Equal("completed from outside", result);
    }

    [Fact]
    public async Task LocalActivity_FailsTwice_RetriedInTheWorker()
    {
        var queue = NewId("tq");
        var attempt = await RunAsync(queue, () => Client.ExecuteWorkflowAsync((ActivityFeaturesWorkflow wf) => wf.RunAsync("local-retries", 2), new WorkflowOptions(NewId("wf"), queue)));
        Assert.Equal("3", attempt);
    }

    [Fact]
    public async Task Activities_FiftyAtOnce_AllComplete()
    {
        var queue = NewId("tq");
        var count = await RunAsync(queue, () => Client.ExecuteWorkflowAsync((ActivityFeaturesWorkflow wf) => wf.RunAsync("fan-out", 50), new WorkflowOptions(NewId("wf"), queue)));
        Assert.Equal("50", count);
    }

    [Fact]
    public async Task ChildWorkflow_Fails_ParentSeesTheCause()
    {
        var queue = NewId("tq");
        var seen = await RunAsync(queue, () => Client.ExecuteWorkflowAsync((ChildOutcomesWorkflow wf) => wf.RunAsync("fail"), new WorkflowOptions(NewId("wf"), queue)));
        Assert.Equal("ChildBroke: child gave up", seen);
    }

    [Fact]
    public async Task ChildWorkflow_CancelledByParent_ParentSeesItCancelled()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var seen = await RunAsync(queue, () => Client.ExecuteWorkflowAsync((ChildOutcomesWorkflow wf) => wf.RunAsync("cancel"), new WorkflowOptions(id, queue)));
        Assert.Equal("cancelled", seen);
        Assert.Equal(WorkflowExecutionStatus.Canceled, (await Client.GetWorkflowHandle($"{id}-child").DescribeAsync()).Status);
    }

    [Fact]
    public async Task CancelWorkflow_WithCleanup_RunsTheCleanupAndEndsCanceled()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((CleanupOnCancelWorkflow wf) => wf.RunAsync(), new WorkflowOptions(id, queue));
            await handle.CancelAsync();
            var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            Assert.IsType<CanceledFailureException>(error.InnerException);
            return true;
        });
        Assert.Equal(["cleanup"], ParityActivities.Seen[id]);
        Assert.Equal(WorkflowExecutionStatus.Canceled, (await Client.GetWorkflowHandle(id).DescribeAsync()).Status);
    }

    [Fact]
    public async Task Query_ClosedRunAndUnknownName_AnswersTheOneAndFailsTheOther()
    {
        var queue = NewId("tq");
        await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((SignalWorkflow wf) => wf.RunAsync(), new WorkflowOptions(NewId("wf"), queue));
            await Assert.ThrowsAsync<WorkflowQueryFailedException>(() => handle.QueryAsync<string>("nope", []));
            await handle.SignalAsync(wf => wf.AddAsync("a"));
            await handle.SignalAsync(wf => wf.AddAsync("done"));
            await handle.GetResultAsync();
            Assert.Equal("a,done", await handle.QueryAsync(wf => wf.Received));
            return true;
        });
    }

    [Fact]
    public async Task SignalWithStart_RunningWorkflow_SignalsTheSameRun()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var result = await RunAsync(queue, async () =>
        {
            var first = new WorkflowOptions(id, queue);
            first.SignalWithStart((SignalWorkflow wf) => wf.AddAsync("a"));
            var started = await Client.StartWorkflowAsync((SignalWorkflow wf) => wf.RunAsync(), first);
            var second = new WorkflowOptions(id, queue);
            second.SignalWithStart((SignalWorkflow wf) => wf.AddAsync("done"));
            var signalled = await Client.StartWorkflowAsync((SignalWorkflow wf) => wf.RunAsync(), second);
            Assert.Equal(started.ResultRunId, signalled.ResultRunId);
            return await started.GetResultAsync();
        });
        Assert.Equal("a,done", result);
    }

    [Fact]
    public async Task ExternalSignalAndCancel_ByWorkflowId_ReachTheirTargets()
    {
        var queue = NewId("tq");
        await RunAsync(queue, async () =>
        {
            var signalled = await Client.StartWorkflowAsync((SignalWorkflow wf) => wf.RunAsync(), new WorkflowOptions(NewId("wf"), queue));
            var cancelled = await Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new WorkflowOptions(NewId("wf"), queue));
            await Client.ExecuteWorkflowAsync((ExternalCallsWorkflow wf) => wf.RunAsync("signal", signalled.Id), new WorkflowOptions(NewId("wf"), queue));
            await Client.ExecuteWorkflowAsync((ExternalCallsWorkflow wf) => wf.RunAsync("cancel", cancelled.Id), new WorkflowOptions(NewId("wf"), queue));
            Assert.Equal("external,done", await signalled.GetResultAsync());
            var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => cancelled.GetResultAsync());
            Assert.IsType<CanceledFailureException>(error.InnerException);
            return true;
        });
    }

    [Fact]
    public async Task StartWorkflow_TerminateExistingAndFailedOnlyReuse_ActAsTheirPoliciesSay()
    {
        var queue = NewId("tq");
        await RunAsync(queue, async () =>
        {
            var id = NewId("wf");
            var first = await Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new WorkflowOptions(id, queue));
            var replacing = await Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(),
                new WorkflowOptions(id, queue) { IdConflictPolicy = WorkflowIdConflictPolicy.TerminateExisting });
            Assert.NotEqual(first.ResultRunId, replacing.ResultRunId);
            Assert.Equal(WorkflowExecutionStatus.Terminated, (await Client.GetWorkflowHandle(id, first.ResultRunId).DescribeAsync()).Status);
            await replacing.TerminateAsync("cleanup");

            var completedId = NewId("wf");
            await Client.ExecuteWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("one"), new WorkflowOptions(completedId, queue));
            await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() => Client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("two"),
                new WorkflowOptions(completedId, queue) { IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicateFailedOnly }));
            var failedId = NewId("wf");
            await Assert.ThrowsAsync<WorkflowFailedException>(() => Client.ExecuteWorkflowAsync((FailingChildWorkflow wf) => wf.RunAsync("no"), new WorkflowOptions(failedId, queue)));
            Assert.Equal("Hello, again!", await Client.ExecuteWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("again"),
                new WorkflowOptions(failedId, queue) { IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicateFailedOnly }));
            return true;
        });
    }

    [Fact]
    public async Task Describe_MemoAndSearchAttributesSetAtStartAndUpserted_ShowsTheUpsertedValues()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var seenByWorkflow = await RunAsync(queue, () => Client.ExecuteWorkflowAsync((UpsertsWorkflow wf) => wf.RunAsync(), new WorkflowOptions(id, queue)
        {
            Memo = new Dictionary<string, object> { ["note"] = "at start", ["owner"] = "dotnet" },
            TypedSearchAttributes = new SearchAttributeCollection.Builder().Set(UpsertsWorkflow.Keyword, "at start").ToSearchAttributeCollection(),
        }));
        Assert.Equal("upserted", seenByWorkflow);
        var description = await Client.GetWorkflowHandle(id).DescribeAsync();
        Assert.Equal("upserted", description.TypedSearchAttributes.Get(UpsertsWorkflow.Keyword));
        Assert.Equal("from the workflow", await description.Memo["note"].ToValueAsync<string>());
        Assert.Equal("dotnet", await description.Memo["owner"].ToValueAsync<string>());
    }

    [Fact]
    public async Task PatchedWorkflow_WorkerWithoutCache_ReplaysThePatchedBranchEveryTask()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var result = await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((PatchedStepsWorkflow wf) => wf.RunAsync(), new WorkflowOptions(id, queue));
            await handle.SignalAsync(wf => wf.ProceedAsync());
            return await handle.GetResultAsync();
        }, o => o.MaxCachedWorkflows = 0);
        Assert.Equal("Hello, patched!|Hello, always!|Hello, after signal!", result);
        var replay = await new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<PatchedStepsWorkflow>())
            .ReplayWorkflowAsync(await Client.GetWorkflowHandle(id).FetchHistoryAsync());
        Assert.Null(replay.ReplayFailure);
    }

    [Fact]
    public async Task StartDelay_OneSecond_HoldsTheFirstTaskBack()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        await RunAsync(queue, () => Client.ExecuteWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("late"), new WorkflowOptions(id, queue) { StartDelay = TimeSpan.FromSeconds(1) }));
        var history = await Client.GetWorkflowHandle(id).FetchHistoryAsync();
        Assert.Equal(TimeSpan.FromSeconds(1), history.Events.First().WorkflowExecutionStartedEventAttributes.FirstWorkflowTaskBackoff.ToTimeSpan());
        var description = await Client.GetWorkflowHandle(id).DescribeAsync();
        Assert.True(description.ExecutionTime - description.StartTime >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Timer_CancelledByTheWorkflow_RecordedAsCanceled()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        Assert.Equal("cancelled", await RunAsync(queue, () => Client.ExecuteWorkflowAsync((CancelledTimerWorkflow wf) => wf.RunAsync(), new WorkflowOptions(id, queue))));
        var history = await Client.GetWorkflowHandle(id).FetchHistoryAsync();
        Assert.Contains(history.Events, e => e.EventType == EventType.TimerCanceled);
    }

    private Task<T> RunAsync<T>(string queue, Func<Task<T>> body, Action<TemporalWorkerOptions>? configure = null) =>
        RunWithWorkerAsync(queue, body, o =>
        {
            o.AddWorkflow<ActivityTimeoutWorkflow>().AddWorkflow<ActivityFeaturesWorkflow>().AddWorkflow<FailingChildWorkflow>()
                .AddWorkflow<ChildOutcomesWorkflow>().AddWorkflow<CleanupOnCancelWorkflow>().AddWorkflow<ExternalCallsWorkflow>()
                .AddWorkflow<UpsertsWorkflow>().AddWorkflow<PatchedStepsWorkflow>().AddWorkflow<CancelledTimerWorkflow>()
                .AddWorkflow<SignalWorkflow>().AddWorkflow<WaitForeverWorkflow>().AddWorkflow<GreetingWorkflow>()
                .AddActivity(ParityActivities.SleepAsync).AddActivity(ParityActivities.ResumableAsync).AddActivity(ParityActivities.CompleteLater)
                .AddActivity(ParityActivities.Flaky).AddActivity(ParityActivities.Greet).AddActivity(ParityActivities.Cleanup);
            configure?.Invoke(o);
        });
}
