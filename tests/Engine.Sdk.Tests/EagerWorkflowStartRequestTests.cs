using Fencepost.Engine.History;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// Eager workflow start with raw requests, as Temporal's server answers them: which starts get the
/// first workflow task in their response, what that task holds, and what happens to it when the
/// worker never answers.
/// </summary>
public sealed class EagerWorkflowStartRequestTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>, IDisposable
{
    private const string Worker = "eager-worker";

    private readonly RawWorkflowService _service = new(engine.Services);
    private readonly EagerStartDeclineRecorder _declines = new(engine.Services);

    [Fact]
    public async Task StartWorkflowExecution_EagerRequested_ReturnsTheStartedFirstTaskWithItsWholeHistory()
    {
        var request = EagerStart(NewId("tq"));

        var response = await _service.StartAsync(request);

        Assert.True(response.Started);
        var task = response.EagerWorkflowTask;
        Assert.NotNull(task);
        Assert.False(task.TaskToken.IsEmpty);
        Assert.Equal(request.WorkflowId, task.WorkflowExecution.WorkflowId);
        Assert.Equal(response.RunId, task.WorkflowExecution.RunId);
        Assert.Equal("RawWorkflow", task.WorkflowType.Name);
        Assert.Equal(request.TaskQueue.Name, task.WorkflowExecutionTaskQueue.Name);
        Assert.Equal(0, task.PreviousStartedEventId);
        Assert.Equal(3, task.StartedEventId);
        Assert.Equal(1, task.Attempt);
        Assert.NotNull(task.ScheduledTime);
        Assert.NotNull(task.StartedTime);
        Assert.Null(task.Query);
        Assert.Empty(task.Queries);
        Assert.Equal([EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted], task.History.Events.Select(e => e.EventType));
        Assert.Equal(Worker, task.History.Events[2].WorkflowTaskStartedEventAttributes.Identity);
        Assert.Empty(_declines.Reasons);

        await CompleteWorkflowAsync(task);
        var events = await _service.HistoryAsync(request.WorkflowId);
        Assert.Equal(EventType.WorkflowExecutionCompleted, events[^1].EventType);
        Assert.Single(events, e => e.EventType == EventType.WorkflowTaskStarted);
    }

    [Fact]
    public async Task StartWorkflowExecution_EagerTaskNeverAnswered_TimesOutAndAPollGetsAttemptTwo()
    {
        var request = EagerStart(NewId("tq"));
        // Short real time: the timeout is what is tested, and the poll below simply waits for it.
        request.WorkflowTaskTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(1));
        var eager = (await _service.StartAsync(request)).EagerWorkflowTask;
        Assert.NotNull(eager);

        var retried = await PollAsync(request.TaskQueue.Name);

        Assert.False(retried.TaskToken.IsEmpty, "The timed-out eager task should reach a poller through matching before the long poll ends.");
        Assert.Equal(2, retried.Attempt);
        Assert.Equal(eager.WorkflowExecution.RunId, retried.WorkflowExecution.RunId);
        var timedOut = Assert.Single(retried.History.Events, e => e.EventType == EventType.WorkflowTaskTimedOut);
        Assert.Equal(TimeoutType.StartToClose, timedOut.WorkflowTaskTimedOutEventAttributes.TimeoutType);
        Assert.Equal(eager.StartedEventId, timedOut.WorkflowTaskTimedOutEventAttributes.StartedEventId);
        var stale = await Assert.ThrowsAsync<RpcException>(() => CompleteWorkflowAsync(eager));
        Assert.Equal(StatusCode.NotFound, stale.StatusCode);
        await CompleteWorkflowAsync(retried);
    }

    [Fact]
    public async Task StartWorkflowExecution_SameRequestIdWhileTheEagerTaskIsInFlight_ReturnsThatTaskWithoutStartingItAgain()
    {
        var request = EagerStart(NewId("tq"));
        var first = await _service.StartAsync(request);

        var retried = await _service.StartAsync(request);

        Assert.True(retried.Started);
        Assert.Equal(first.RunId, retried.RunId);
        Assert.NotNull(retried.EagerWorkflowTask);
        Assert.Equal(first.EagerWorkflowTask.TaskToken, retried.EagerWorkflowTask.TaskToken);
        Assert.Empty(_declines.Reasons);
        Assert.Single(await _service.HistoryAsync(request.WorkflowId), e => e.EventType == EventType.WorkflowTaskStarted);
        await CompleteWorkflowAsync(retried.EagerWorkflowTask);
    }

    [Fact]
    public async Task StartWorkflowExecution_SameRequestIdAfterTheEagerTaskCompleted_ReturnsTheRunWithoutATask()
    {
        var request = EagerStart(NewId("tq"));
        var first = await _service.StartAsync(request);
        await _service.CallAsync("RespondWorkflowTaskCompleted", new RespondWorkflowTaskCompletedRequest
        {
            Namespace = "default",
            TaskToken = first.EagerWorkflowTask.TaskToken,
            Identity = Worker,
        }, RespondWorkflowTaskCompletedResponse.Parser);

        var retried = await _service.StartAsync(request);

        Assert.True(retried.Started);
        Assert.Equal(first.RunId, retried.RunId);
        Assert.Null(retried.EagerWorkflowTask);
        Assert.Equal(["existing_run"], _declines.Reasons);
        Assert.Single(await _service.HistoryAsync(request.WorkflowId), e => e.EventType == EventType.WorkflowTaskStarted);
        await _service.TerminateAsync(request.WorkflowId);
    }

    [Fact]
    public async Task StartWorkflowExecution_SameRequestIdRetriedEagerlyAfterAPlainStart_LeavesTheTaskToMatching()
    {
        var request = EagerStart(NewId("tq"));
        request.RequestEagerExecution = false;
        var first = await _service.StartAsync(request);
        request.RequestEagerExecution = true;

        var retried = await _service.StartAsync(request);

        Assert.True(retried.Started);
        Assert.Equal(first.RunId, retried.RunId);
        Assert.Null(retried.EagerWorkflowTask);
        // The plain first start asked for nothing eager, so only the retry counts.
        Assert.Equal(["existing_run"], _declines.Reasons);
        Assert.DoesNotContain(await _service.HistoryAsync(request.WorkflowId), e => e.EventType == EventType.WorkflowTaskStarted);
        var polled = await PollAsync(request.TaskQueue.Name);
        Assert.Equal(1, polled.Attempt);
        await CompleteWorkflowAsync(polled);
    }

    [Fact]
    public async Task StartWorkflowExecution_UseExistingOnARunningWorkflow_ReturnsItWithoutAnEagerTask()
    {
        var request = EagerStart(NewId("tq"));
        var first = await _service.StartAsync(request);
        var second = EagerStart(request.TaskQueue.Name, request.WorkflowId);
        second.WorkflowIdConflictPolicy = WorkflowIdConflictPolicy.UseExisting;

        var existing = await _service.StartAsync(second);

        Assert.False(existing.Started);
        Assert.Equal(first.RunId, existing.RunId);
        Assert.Null(existing.EagerWorkflowTask);
        Assert.Equal(["existing_run"], _declines.Reasons);
        Assert.Single(await _service.HistoryAsync(request.WorkflowId), e => e.EventType == EventType.WorkflowTaskStarted);
        await CompleteWorkflowAsync(first.EagerWorkflowTask);
    }

    [Fact]
    public async Task StartWorkflowExecution_TerminateExistingOnARunningWorkflow_TheNewRunGetsTheEagerTask()
    {
        var request = EagerStart(NewId("tq"));
        request.RequestEagerExecution = false;
        var first = await _service.StartAsync(request);
        var second = EagerStart(request.TaskQueue.Name, request.WorkflowId);
        second.WorkflowIdConflictPolicy = WorkflowIdConflictPolicy.TerminateExisting;

        var replaced = await _service.StartAsync(second);

        Assert.True(replaced.Started);
        Assert.NotEqual(first.RunId, replaced.RunId);
        Assert.NotNull(replaced.EagerWorkflowTask);
        Assert.Equal(replaced.RunId, replaced.EagerWorkflowTask.WorkflowExecution.RunId);
        Assert.Empty(_declines.Reasons);
        Assert.Equal([EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted],
            replaced.EagerWorkflowTask.History.Events.Select(e => e.EventType));
        Assert.Equal(EventType.WorkflowExecutionTerminated, (await _service.HistoryAsync(request.WorkflowId, first.RunId))[^1].EventType);
        await CompleteWorkflowAsync(replaced.EagerWorkflowTask);
    }

    [Theory]
    [InlineData("start delay", "start_delay")]
    [InlineData("cron", "cron")]
    public async Task StartWorkflowExecution_FirstTaskWaits_NoEagerTaskAndTheDeclineIsCounted(string wait, string reason)
    {
        var request = EagerStart(NewId("tq"));
        if (wait == "cron")
        {
            // Once a year: the first run waits for its first fire, and only then is its task scheduled.
            request.CronSchedule = "0 0 1 1 *";
        }
        else
        {
            request.WorkflowStartDelay = Duration.FromTimeSpan(TimeSpan.FromHours(1));
        }

        var response = await _service.StartAsync(request);

        Assert.True(response.Started);
        Assert.Null(response.EagerWorkflowTask);
        Assert.Equal([reason], _declines.Reasons);
        Assert.Equal([EventType.WorkflowExecutionStarted], (await _service.HistoryAsync(request.WorkflowId)).Select(e => e.EventType));
        await _service.TerminateAsync(request.WorkflowId);
    }

    [Fact]
    public async Task StartWorkflowExecution_DelayedStartThatDidNotAskForEager_CountsNoDecline()
    {
        var request = EagerStart(NewId("tq"));
        request.RequestEagerExecution = false;
        request.WorkflowStartDelay = Duration.FromTimeSpan(TimeSpan.FromHours(1));

        var response = await _service.StartAsync(request);

        Assert.True(response.Started);
        Assert.Empty(_declines.Reasons);
        await _service.TerminateAsync(request.WorkflowId);
    }

    [Fact]
    public async Task StartWorkflowExecution_EagerStartDisabledForTheNamespace_NoEagerTaskAndAPollGetsTheFirstTask()
    {
        using var eagerOff = SetForDefaultNamespace(HistoryConfigKeys.EnableEagerWorkflowStart, false);
        var request = EagerStart(NewId("tq"));

        var response = await _service.StartAsync(request);

        Assert.True(response.Started);
        Assert.Null(response.EagerWorkflowTask);
        Assert.Equal(["disabled"], _declines.Reasons);
        var polled = await PollAsync(request.TaskQueue.Name);
        Assert.Equal(1, polled.Attempt);
        Assert.Equal(response.RunId, polled.WorkflowExecution.RunId);
        await CompleteWorkflowAsync(polled);
    }

    public void Dispose()
    {
        _declines.Dispose();
        _service.Dispose();
    }

    private static StartWorkflowExecutionRequest EagerStart(string queue, string? workflowId = null) => new()
    {
        Namespace = "default",
        WorkflowId = workflowId ?? NewId("wf"),
        WorkflowType = new WorkflowType { Name = "RawWorkflow" },
        TaskQueue = new TaskQueue { Name = queue },
        RequestId = Guid.NewGuid().ToString(),
        Identity = Worker,
        RequestEagerExecution = true,
        // The longest allowed, so an eager task never times out while a slow machine runs a test.
        WorkflowTaskTimeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(2)),
    };

    private Task<PollWorkflowTaskQueueResponse> PollAsync(string queue) =>
        _service.CallAsync("PollWorkflowTaskQueue", new PollWorkflowTaskQueueRequest
        {
            Namespace = "default",
            TaskQueue = new TaskQueue { Name = queue },
            Identity = "polling-worker",
        }, PollWorkflowTaskQueueResponse.Parser);

    private Task<RespondWorkflowTaskCompletedResponse> CompleteWorkflowAsync(PollWorkflowTaskQueueResponse task) =>
        _service.CallAsync("RespondWorkflowTaskCompleted", new RespondWorkflowTaskCompletedRequest
        {
            Namespace = "default",
            TaskToken = task.TaskToken,
            Identity = Worker,
            Commands =
            {
                new Command
                {
                    CommandType = CommandType.CompleteWorkflowExecution,
                    CompleteWorkflowExecutionCommandAttributes = new CompleteWorkflowExecutionCommandAttributes(),
                },
            },
        }, RespondWorkflowTaskCompletedResponse.Parser);
}
