using System.Diagnostics.Metrics;
using Fencepost.Engine.History;
using Fencepost.Engine.Metrics;
using Fencepost.Engine.Sdk.Tests.Workflows;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// Temporal's eager activity execution: an activity the worker asks to run itself comes back,
/// started, in its workflow task completion instead of through matching and a poll.
/// </summary>
public sealed class EagerActivityTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>, IDisposable
{
    private MeterListener? _listener;
    private long _eagerStarted;

    [Fact]
    public async Task ExecuteWorkflow_ActivityOnTheWorkflowsQueue_RunsEagerly()
    {
        var queue = NewId("tq");
        ListenToEagerActivities();

        var result = await RunWithWorkerAsync(queue,
            () => Client.ExecuteWorkflowAsync((ActivityWorkflow wf) => wf.RunAsync("eager"), new WorkflowOptions(NewId("wf"), queue)),
            o => o.AddWorkflow<ActivityWorkflow>().AddAllActivities(typeof(GreetingActivities), null));

        Assert.Equal("Hi from an activity, eager", result);
        Assert.Equal(1, Interlocked.Read(ref _eagerStarted));
    }

    [Fact]
    public async Task ExecuteWorkflow_EagerExecutionDisabledForTheNamespace_ActivityGoesThroughMatching()
    {
        var queue = NewId("tq");
        using var eagerOff = SetForDefaultNamespace(HistoryConfigKeys.EnableActivityEagerExecution, false);
        ListenToEagerActivities();

        var result = await RunWithWorkerAsync(queue,
            () => Client.ExecuteWorkflowAsync((ActivityWorkflow wf) => wf.RunAsync("matched"), new WorkflowOptions(NewId("wf"), queue)),
            o => o.AddWorkflow<ActivityWorkflow>().AddAllActivities(typeof(GreetingActivities), null));

        Assert.Equal("Hi from an activity, matched", result);
        Assert.Equal(0, Interlocked.Read(ref _eagerStarted));
    }

    [Fact]
    public async Task RespondWorkflowTaskCompleted_EagerActivityOnItsOwnQueue_ReturnsItStartedAndItCompletesTheWorkflowTaskLoop()
    {
        var queue = NewId("tq");
        var handle = await Client.StartWorkflowAsync("RawWorkflow", [], new WorkflowOptions(NewId("wf"), queue));
        var task = await PollWorkflowTaskAsync(queue);

        var completed = await Client.WorkflowService.RespondWorkflowTaskCompletedAsync(Completion(task, "a1", queue));

        var activity = Assert.Single(completed.ActivityTasks);
        Assert.Equal("a1", activity.ActivityId);
        Assert.Equal(handle.Id, activity.WorkflowExecution.WorkflowId);
        Assert.Equal(1, activity.Attempt);
        await Client.WorkflowService.RespondActivityTaskCompletedAsync(new RespondActivityTaskCompletedRequest
        {
            Namespace = "default",
            TaskToken = activity.TaskToken,
            Identity = "raw-worker",
        });
        var next = await PollWorkflowTaskAsync(queue);
        var types = next.History.Events.Select(e => e.EventType).ToList();
        Assert.Equal([EventType.ActivityTaskScheduled, EventType.ActivityTaskStarted, EventType.ActivityTaskCompleted], types.Where(IsActivityEvent));
        var started = next.History.Events.Single(e => e.EventType == EventType.ActivityTaskStarted);
        Assert.Equal("raw-worker", started.ActivityTaskStartedEventAttributes.Identity);
        await handle.TerminateAsync("cleanup");
    }

    [Fact]
    public async Task RespondWorkflowTaskCompleted_EagerActivityOnAnotherQueue_IsDispatchedThroughMatching()
    {
        var queue = NewId("tq");
        var activityQueue = NewId("activities");
        var handle = await Client.StartWorkflowAsync("RawWorkflow", [], new WorkflowOptions(NewId("wf"), queue));
        var task = await PollWorkflowTaskAsync(queue);

        var completed = await Client.WorkflowService.RespondWorkflowTaskCompletedAsync(Completion(task, "a1", activityQueue));

        Assert.Empty(completed.ActivityTasks);
        var polled = await Client.WorkflowService.PollActivityTaskQueueAsync(new PollActivityTaskQueueRequest
        {
            Namespace = "default",
            TaskQueue = new TaskQueue { Name = activityQueue },
            Identity = "activity-poller",
        }).WaitAsync(Timeout);
        Assert.Equal("a1", polled.ActivityId);
        await handle.TerminateAsync("cleanup");
    }

    public void Dispose() => _listener?.Dispose();

    private static bool IsActivityEvent(EventType type) =>
        type is EventType.ActivityTaskScheduled or EventType.ActivityTaskStarted or EventType.ActivityTaskCompleted;

    private static RespondWorkflowTaskCompletedRequest Completion(PollWorkflowTaskQueueResponse task, string activityId, string activityQueue) => new()
    {
        Namespace = "default",
        TaskToken = task.TaskToken,
        Identity = "raw-worker",
        Commands =
        {
            new Command
            {
                CommandType = CommandType.ScheduleActivityTask,
                ScheduleActivityTaskCommandAttributes = new ScheduleActivityTaskCommandAttributes
                {
                    ActivityId = activityId,
                    ActivityType = new ActivityType { Name = "RawActivity" },
                    TaskQueue = new TaskQueue { Name = activityQueue },
                    StartToCloseTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
                    RequestEagerExecution = true,
                },
            },
        },
    };

    private async Task<PollWorkflowTaskQueueResponse> PollWorkflowTaskAsync(string queue)
    {
        var task = await Client.WorkflowService.PollWorkflowTaskQueueAsync(new PollWorkflowTaskQueueRequest
        {
            Namespace = "default",
            TaskQueue = new TaskQueue { Name = queue },
            Identity = "raw-worker",
        }).WaitAsync(Timeout);
        Assert.False(task.TaskToken.IsEmpty, "The workflow task should be delivered before the long poll ends.");
        return task;
    }

    private void ListenToEagerActivities() =>
        _listener = EngineMeterListener.Listen<long>(Engine.Services, EngineInstruments.MeterName, "fencepost.activity.eager_started",
            (_, value, _, _) => Interlocked.Add(ref _eagerStarted, value));
}
