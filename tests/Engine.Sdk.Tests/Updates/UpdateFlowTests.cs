using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace Fencepost.Engine.Sdk.Tests.Updates;

/// <summary>
/// Workflow Update with the .NET SDK: [WorkflowUpdate] handlers with a validator, async accept,
/// deduplication, updates while an activity runs or the workflow completes, a worker restarted in
/// the middle, replay and update-with-start. The TypeScript suite's updates.test.ts runs the same cases.
/// </summary>
public class UpdateFlowTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>
{
    [Fact]
    public async Task ExecuteUpdate_WorkflowAccepts_ReturnsTheResultAndRecordsAcceptedThenCompleted()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var (count, result) = await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((UpdateWorkflow wf) => wf.RunAsync(false), new WorkflowOptions(id, queue));
            var count = await handle.ExecuteUpdateAsync(wf => wf.AddAsync("a"), new WorkflowUpdateOptions("add-a"));
            await handle.SignalAsync(wf => wf.FinishAsync());
            return (count, await handle.GetResultAsync());
        });

        Assert.Equal(1, count);
        Assert.Equal("a", result);
        var history = await HistoryAsync(id);
        var accepted = Assert.Single(history, e => e.EventType == EventType.WorkflowExecutionUpdateAccepted);
        var completed = Assert.Single(history, e => e.EventType == EventType.WorkflowExecutionUpdateCompleted);
        Assert.Equal("add-a", accepted.WorkflowExecutionUpdateAcceptedEventAttributes.ProtocolInstanceId);
        Assert.Equal("Add", accepted.WorkflowExecutionUpdateAcceptedEventAttributes.AcceptedRequest.Input.Name);
        Assert.Equal(accepted.EventId, completed.WorkflowExecutionUpdateCompletedEventAttributes.AcceptedEventId);
        Assert.NotNull(completed.WorkflowExecutionUpdateCompletedEventAttributes.Outcome.Success);
    }

    [Fact]
    public async Task ExecuteUpdate_ValidatorRejects_CallerGetsTheFailureAndNoUpdateEventIsRecorded()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var (error, result) = await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((UpdateWorkflow wf) => wf.RunAsync(false), new WorkflowOptions(id, queue));
            var error = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync(wf => wf.AddAsync("bad")));
            await handle.ExecuteUpdateAsync(wf => wf.AddAsync("good"));
            await handle.SignalAsync(wf => wf.FinishAsync());
            return (error, await handle.GetResultAsync());
        });

        var failure = Assert.IsType<ApplicationFailureException>(error.InnerException);
        Assert.Equal("BadItem", failure.ErrorType);
        Assert.Equal("good", result);
        var history = await HistoryAsync(id);
        Assert.Single(history, e => e.EventType == EventType.WorkflowExecutionUpdateAccepted);
        Assert.DoesNotContain(history, e => e.WorkflowExecutionUpdateAcceptedEventAttributes?.AcceptedRequest.Input.Args.ToString().Contains("bad", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task ExecuteUpdate_HandlerFailsAfterAcceptance_CallerGetsTheFailureAndBothEventsAreRecorded()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var error = await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((UpdateWorkflow wf) => wf.RunAsync(false), new WorkflowOptions(id, queue));
            var error = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync(wf => wf.BreakAsync("it broke")));
            await handle.SignalAsync(wf => wf.FinishAsync());
            await handle.GetResultAsync();
            return error;
        });

        var failure = Assert.IsType<ApplicationFailureException>(error.InnerException);
        Assert.Equal("HandlerBroke", failure.ErrorType);
        Assert.Equal("it broke", failure.Message);
        var history = await HistoryAsync(id);
        Assert.Single(history, e => e.EventType == EventType.WorkflowExecutionUpdateAccepted);
        var completed = Assert.Single(history, e => e.EventType == EventType.WorkflowExecutionUpdateCompleted);
        Assert.Equal("it broke", completed.WorkflowExecutionUpdateCompletedEventAttributes.Outcome.Failure.Message);
    }

    [Fact]
    public async Task StartUpdate_WaitForAccepted_ReturnsBeforeCompletionAndTheResultIsFetchedLater()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var (acceptedOnly, fromHandle, fromNewHandle) = await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((UpdateWorkflow wf) => wf.RunAsync(false), new WorkflowOptions(id, queue));
            var update = await handle.StartUpdateAsync(wf => wf.WaitForReleaseAsync("k"), new WorkflowUpdateStartOptions(WorkflowUpdateStage.Accepted));
            var acceptedOnly = (await HistoryAsync(id)).Count(e => e.EventType is EventType.WorkflowExecutionUpdateAccepted or EventType.WorkflowExecutionUpdateCompleted);
            await handle.SignalAsync(wf => wf.ReleaseAsync("k"));
            var fromHandle = await update.GetResultAsync();
            var fromNewHandle = await Client.GetWorkflowHandle(id).GetUpdateHandle<string>(update.Id).GetResultAsync();
            await handle.SignalAsync(wf => wf.FinishAsync());
            await handle.GetResultAsync();
            return (acceptedOnly, fromHandle, fromNewHandle);
        });

        Assert.Equal(1, acceptedOnly);
        Assert.Equal("released k", fromHandle);
        Assert.Equal("released k", fromNewHandle);
    }

    [Fact]
    public async Task ExecuteUpdate_SameUpdateIdTwice_SecondGetsTheFirstOutcomeAndItIsRecordedOnce()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var (first, second, rejectedTwice, result) = await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((UpdateWorkflow wf) => wf.RunAsync(false), new WorkflowOptions(id, queue));
            var first = await handle.ExecuteUpdateAsync(wf => wf.AddAsync("x"), new WorkflowUpdateOptions("same-id"));
            // Different arguments, same id: the update exists, so its outcome is the answer.
            var second = await handle.ExecuteUpdateAsync(wf => wf.AddAsync("y"), new WorkflowUpdateOptions("same-id"));
            var rejectedOnce = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync(wf => wf.AddAsync("bad"), new WorkflowUpdateOptions("bad-id")));
            var rejectedAgain = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync(wf => wf.AddAsync("z"), new WorkflowUpdateOptions("bad-id")));
            await handle.SignalAsync(wf => wf.FinishAsync());
            return (first, second, rejectedOnce.InnerException!.Message == rejectedAgain.InnerException!.Message, await handle.GetResultAsync());
        });

        Assert.Equal(1, first);
        Assert.Equal(1, second);
        Assert.True(rejectedTwice, "the repeated request of a rejected update gets the same rejection");
        Assert.Equal("x", result);
        Assert.Single(await HistoryAsync(id), e => e.EventType == EventType.WorkflowExecutionUpdateAccepted);
    }

    [Fact]
    public async Task ExecuteUpdate_WhileAnActivityRuns_CompletesAndTheActivityFinishesAfter()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var (count, pendingActivities, result) = await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((UpdateWorkflow wf) => wf.RunAsync(true), new WorkflowOptions(id, queue));
            await UpdateActivities.StartedAsync(id).WaitAsync(Timeout);
            var count = await handle.ExecuteUpdateAsync(wf => wf.AddAsync("during"));
            var described = await Client.WorkflowService.DescribeWorkflowExecutionAsync(new()
            {
                Namespace = "default",
                Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = id },
            });
            var pending = described.PendingActivities.Count;
            UpdateActivities.Release(id);
            await handle.SignalAsync(wf => wf.FinishAsync());
            return (count, pending, await handle.GetResultAsync());
        });

        Assert.Equal(1, count);
        Assert.Equal(1, pendingActivities);
        Assert.Equal("during,activity", result);
    }

    [Fact]
    public async Task ExecuteUpdate_RacingTheWorkflowsCompletion_EveryUpdateThatSucceededIsInTheResult()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var (succeeded, result) = await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((UpdateWorkflow wf) => wf.RunAsync(false), new WorkflowOptions(id, queue));
            var sends = Enumerable.Range(1, 8).Select(async i =>
            {
                if (i == 4)
                {
                    await handle.SignalAsync(wf => wf.FinishAsync());
                    return null;
                }
                try
                {
                    await handle.ExecuteUpdateAsync(wf => wf.AddAsync($"u{i}"));
                    return $"u{i}";
                }
                catch (RpcException ex) when (ex.Code == RpcException.StatusCode.NotFound)
                {
                    // Admitted after the run closed: the workflow never saw it, and the caller knows.
                    return null;
                }
            }).ToList();
            var outcomes = await Task.WhenAll(sends);
            return (outcomes.OfType<string>().ToHashSet(), await handle.GetResultAsync());
        });

        Assert.Equal(succeeded, result.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet());
    }

    [Fact]
    public async Task AcceptedUpdate_WorkflowCompletesBeforeIt_TheUpdateFailsAsAcceptedUpdateCompletedWorkflow()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var error = await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((UpdateWorkflow wf) => wf.RunAsync(false), new WorkflowOptions(id, queue));
            var update = await handle.StartUpdateAsync(wf => wf.WaitForReleaseAsync("never"), new WorkflowUpdateStartOptions(WorkflowUpdateStage.Accepted));
            await handle.SignalAsync(wf => wf.AbandonAsync());
            await handle.GetResultAsync();
            return await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => update.GetResultAsync());
        });

        Assert.Equal("AcceptedUpdateCompletedWorkflow", Assert.IsType<ApplicationFailureException>(error.InnerException).ErrorType);
    }

    [Fact]
    public async Task AcceptedUpdate_WorkerRestartedBeforeItCompletes_TheNewWorkerCompletesIt()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var update = await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((UpdateWorkflow wf) => wf.RunAsync(false), new WorkflowOptions(id, queue));
            return await handle.StartUpdateAsync(wf => wf.WaitForReleaseAsync("after-restart"), new WorkflowUpdateStartOptions(WorkflowUpdateStage.Accepted));
        });
        var handle = Client.GetWorkflowHandle<UpdateWorkflow>(id);
        await handle.SignalAsync(wf => wf.ReleaseAsync("after-restart"));

        var (updateResult, result) = await RunAsync(queue, async () =>
        {
            var updateResult = await update.GetResultAsync();
            await handle.SignalAsync(wf => wf.FinishAsync());
            return (updateResult, await handle.GetResultAsync<string>());
        });

        Assert.Equal("released after-restart", updateResult);
        Assert.Equal("after-restart", result);
    }

    [Fact]
    public async Task WorkflowReplayer_HistoryWithEveryKindOfUpdate_ReplaysWithoutError()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var result = await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((UpdateWorkflow wf) => wf.RunAsync(false), new WorkflowOptions(id, queue));
            await handle.ExecuteUpdateAsync(wf => wf.AddAsync("a"));
            await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync(wf => wf.AddAsync("bad")));
            await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync(wf => wf.BreakAsync("no")));
            var later = await handle.StartUpdateAsync(wf => wf.WaitForReleaseAsync("b"), new WorkflowUpdateStartOptions(WorkflowUpdateStage.Accepted));
            await handle.SignalAsync(wf => wf.ReleaseAsync("b"));
            await later.GetResultAsync();
            await handle.SignalAsync(wf => wf.FinishAsync());
            return await handle.GetResultAsync();
        }, cacheWorkflows: false);

        Assert.Equal("a,b", result);
        var replay = await new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<UpdateWorkflow>())
            .ReplayWorkflowAsync(await Client.GetWorkflowHandle(id).FetchHistoryAsync());
        Assert.Null(replay.ReplayFailure);
    }

    [Fact]
    public async Task UpdateWithStart_NoRunThenARunningRun_StartsOneRunAndUpdatesItTwice()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var (first, second, firstRun, secondRun, result) = await RunAsync(queue, async () =>
        {
            var start = WithStartWorkflowOperation.Create((UpdateWorkflow wf) => wf.RunAsync(false),
                new WorkflowOptions(id, queue) { IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting });
            var first = await Client.ExecuteUpdateWithStartWorkflowAsync((UpdateWorkflow wf) => wf.AddAsync("first"), new WorkflowUpdateWithStartOptions(start));
            var again = WithStartWorkflowOperation.Create((UpdateWorkflow wf) => wf.RunAsync(false),
                new WorkflowOptions(id, queue) { IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting });
            var second = await Client.ExecuteUpdateWithStartWorkflowAsync((UpdateWorkflow wf) => wf.AddAsync("second"), new WorkflowUpdateWithStartOptions(again));
            var firstHandle = await start.GetHandleAsync();
            var secondHandle = await again.GetHandleAsync();
            await firstHandle.SignalAsync(wf => wf.FinishAsync());
            return (first, second, firstHandle.ResultRunId, secondHandle.ResultRunId, await firstHandle.GetResultAsync());
        });

        Assert.Equal(1, first);
        Assert.Equal(2, second);
        Assert.Equal(firstRun, secondRun);
        Assert.Equal("first,second", result);
        var history = await HistoryAsync(id);
        Assert.Single(history, e => e.EventType == EventType.WorkflowExecutionStarted);
        // Started atomically with the update: the run's first workflow task carried it.
        var accepted = history.First(e => e.EventType == EventType.WorkflowExecutionUpdateAccepted);
        Assert.Equal(5, accepted.EventId);
    }

    [Fact]
    public async Task UpdateWithStart_RunningRunAndConflictPolicyFail_WorkflowAlreadyStartedAndNothingIsUpdated()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var (error, result) = await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((UpdateWorkflow wf) => wf.RunAsync(false), new WorkflowOptions(id, queue));
            var start = WithStartWorkflowOperation.Create((UpdateWorkflow wf) => wf.RunAsync(false),
                new WorkflowOptions(id, queue) { IdConflictPolicy = WorkflowIdConflictPolicy.Fail });
            var error = await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() =>
                Client.ExecuteUpdateWithStartWorkflowAsync((UpdateWorkflow wf) => wf.AddAsync("refused"), new WorkflowUpdateWithStartOptions(start)));
            await handle.SignalAsync(wf => wf.FinishAsync());
            return (error, await handle.GetResultAsync());
        });

        Assert.Equal(id, error.WorkflowId);
        Assert.Equal("", result);
    }

    [Fact]
    public async Task ExecuteUpdate_ClosedOrUnknownWorkflow_FailsNotFound()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var (closed, unknown) = await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((UpdateWorkflow wf) => wf.RunAsync(false), new WorkflowOptions(id, queue));
            await handle.SignalAsync(wf => wf.FinishAsync());
            await handle.GetResultAsync();
            var closed = await Assert.ThrowsAsync<RpcException>(() => handle.ExecuteUpdateAsync(wf => wf.AddAsync("late")));
            var unknown = await Assert.ThrowsAsync<RpcException>(() =>
                Client.GetWorkflowHandle<UpdateWorkflow>(NewId("nobody")).ExecuteUpdateAsync(wf => wf.AddAsync("lost")));
            return (closed, unknown);
        });

        Assert.Equal(RpcException.StatusCode.NotFound, closed.Code);
        Assert.Contains("already completed", closed.Message, StringComparison.Ordinal);
        Assert.Equal(RpcException.StatusCode.NotFound, unknown.Code);
    }

    [Fact]
    public async Task ExecuteUpdate_OverTheInFlightLimit_ResourceExhaustedNamingTheLimit()
    {
        using var limit = SetForDefaultNamespace(History.HistoryConfigKeys.MaxInFlightUpdates, 1);
        var queue = NewId("tq");
        var error = await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((UpdateWorkflow wf) => wf.RunAsync(false), new WorkflowOptions(NewId("wf"), queue));
            var held = await handle.StartUpdateAsync(wf => wf.WaitForReleaseAsync("held"), new WorkflowUpdateStartOptions(WorkflowUpdateStage.Accepted));
            var error = await Assert.ThrowsAsync<RpcException>(() => handle.ExecuteUpdateAsync(wf => wf.AddAsync("one too many"), NoRetries()));
            await handle.SignalAsync(wf => wf.ReleaseAsync("held"));
            await held.GetResultAsync();
            // Once the first completed, there is room again.
            await handle.ExecuteUpdateAsync(wf => wf.AddAsync("room again"));
            await handle.SignalAsync(wf => wf.FinishAsync());
            await handle.GetResultAsync();
            return error;
        });

        Assert.Equal(RpcException.StatusCode.ResourceExhausted, error.Code);
        Assert.Contains("history.maxInFlightUpdates", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteUpdate_OverTheTotalLimit_FailedPreconditionNamingTheLimitAndRejectionsDoNotCount()
    {
        using var limit = SetForDefaultNamespace(History.HistoryConfigKeys.MaxTotalUpdates, 1);
        var queue = NewId("tq");
        var error = await RunAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((UpdateWorkflow wf) => wf.RunAsync(false), new WorkflowOptions(NewId("wf"), queue));
            await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync(wf => wf.AddAsync("bad")));
            await handle.ExecuteUpdateAsync(wf => wf.AddAsync("the one"));
            var error = await Assert.ThrowsAsync<RpcException>(() => handle.ExecuteUpdateAsync(wf => wf.AddAsync("the second"), NoRetries()));
            await handle.SignalAsync(wf => wf.FinishAsync());
            await handle.GetResultAsync();
            return error;
        });

        Assert.Equal(RpcException.StatusCode.FailedPrecondition, error.Code);
        Assert.Contains("history.maxTotalUpdates", error.Message, StringComparison.Ordinal);
    }

    private static WorkflowUpdateOptions NoRetries() => new() { Rpc = new RpcOptions { Retry = false } };

    private Task<T> RunAsync<T>(string queue, Func<Task<T>> body, bool cacheWorkflows = true) =>
        RunWithWorkerAsync(queue, body, o =>
        {
            o.AddWorkflow<UpdateWorkflow>().AddAllActivities(typeof(UpdateActivities), null);
            if (!cacheWorkflows)
            {
                // Every workflow task replays the whole history, updates included.
                o.MaxCachedWorkflows = 0;
            }
        });

    private async Task<List<HistoryEvent>> HistoryAsync(string workflowId) =>
        [.. (await Client.GetWorkflowHandle(workflowId).FetchHistoryAsync()).Events];
}
