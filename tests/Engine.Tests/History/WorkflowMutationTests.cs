using Fencepost.Engine.History;
using Fencepost.Engine.Queues;
using Temporalio.Api.Enums.V1;

namespace Fencepost.Engine.Tests.History;

/// <summary>History building as pure logic: ids, buffering while a workflow task is started, activity links.</summary>
public class WorkflowMutationTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-01-01T00:00:00Z");

    private static MutableState Started()
    {
        var created = NewRunBuilder.Build(new NewRunSpec
        {
            NamespaceId = Guid.NewGuid(),
            Namespace = "default",
            WorkflowId = "wf",
            WorkflowType = "Type",
            TaskQueue = "tq",
        }, Now);
        return created.State;
    }

    [Fact]
    public void Build_NewRun_StartedThenWorkflowTaskScheduledAndDispatched()
    {
        var created = NewRunBuilder.Build(new NewRunSpec { NamespaceId = Guid.NewGuid(), Namespace = "default", WorkflowId = "wf", WorkflowType = "T", TaskQueue = "tq" }, Now);
        Assert.Equal([EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled], created.Events.Select(e => e.EventType));
        Assert.Equal([1L, 2L], created.Events.Select(e => e.EventId));
        Assert.Equal(created.State.RunId.ToString(), created.Events[0].WorkflowExecutionStartedEventAttributes.OriginalExecutionRunId);
        Assert.Equal(TimeSpan.FromSeconds(10), created.Events[0].WorkflowExecutionStartedEventAttributes.WorkflowTaskTimeout.ToTimeSpan());
        Assert.Contains(created.Tasks, t => t.Data.Kind == ShardTaskKind.DispatchWorkflowTask);
    }

    [Fact]
    public void AddSignal_WhileWorkflowTaskStarted_IsBufferedThenAppendedAfterCompletion()
    {
        var state = Started();
        new WorkflowMutation(state, Now).StartWorkflowTask("poll", "worker");

        var signal = new WorkflowMutation(state, Now);
        signal.AddSignal("s", null, "client", null);
        Assert.Empty(signal.Events);
        Assert.Single(state.BufferedEvents);

        var completion = new WorkflowMutation(state, Now);
        var completedId = completion.CompleteWorkflowTask("worker", "", null, null, null);
        completion.FlushBuffered();
        completion.ScheduleWorkflowTaskIfNeeded();
        Assert.Equal(4, completedId);
        Assert.Equal([EventType.WorkflowTaskCompleted, EventType.WorkflowExecutionSignaled, EventType.WorkflowTaskScheduled], completion.Events.Select(e => e.EventType));
        Assert.Equal([4L, 5L, 6L], completion.Events.Select(e => e.EventId));
    }

    [Fact]
    public void CompleteActivity_WhileWorkflowTaskStarted_BufferedPairLinksStartedId()
    {
        var state = Started();
        var first = new WorkflowMutation(state, Now);
        first.StartWorkflowTask("poll", "worker");
        var second = new WorkflowMutation(state, Now);
        second.CompleteWorkflowTask("worker", "", null, null, null);
        var scheduledId = second.ScheduleActivity(CommandProcessor.NormalizeActivity(new Temporalio.Api.Command.V1.ScheduleActivityTaskCommandAttributes
        {
            ActivityId = "a",
            ActivityType = new Temporalio.Api.Common.V1.ActivityType { Name = "Act" },
            StartToCloseTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(5)),
        }, state, 4));
        second.ScheduleWorkflowTask(1);
        new WorkflowMutation(state, Now).StartWorkflowTask("poll2", "worker");
        var info = state.Activities[scheduledId];
        new WorkflowMutation(state, Now).StartActivity(info, "apoll", "worker");

        var done = new WorkflowMutation(state, Now);
        done.CompleteActivity(info, null, "worker");
        var flush = new WorkflowMutation(state, Now);
        flush.CompleteWorkflowTask("worker", "", null, null, null);
        flush.FlushBuffered();

        var started = flush.Events.Single(e => e.EventType == EventType.ActivityTaskStarted);
        var completed = flush.Events.Single(e => e.EventType == EventType.ActivityTaskCompleted);
        Assert.Equal(started.EventId, completed.ActivityTaskCompletedEventAttributes.StartedEventId);
        Assert.Equal(scheduledId, completed.ActivityTaskCompletedEventAttributes.ScheduledEventId);
    }

    [Fact]
    public void WorkflowTaskBackoff_FromFourthAttempt_Grows()
    {
        Assert.Equal(TimeSpan.Zero, WorkflowMutation.WorkflowTaskBackoff(3));
        Assert.True(WorkflowMutation.WorkflowTaskBackoff(5) > WorkflowMutation.WorkflowTaskBackoff(4));
    }

    [Fact]
    public void NormalizeActivity_NoTimeouts_Rejected()
    {
        var error = Assert.Throws<CommandValidationException>(() => CommandProcessor.NormalizeActivity(new Temporalio.Api.Command.V1.ScheduleActivityTaskCommandAttributes
        {
            ActivityId = "a",
            ActivityType = new Temporalio.Api.Common.V1.ActivityType { Name = "Act" },
        }, Started(), 4));
        Assert.Equal(WorkflowTaskFailedCause.BadScheduleActivityAttributes, error.Cause);
    }

    [Fact]
    public void StartActivityEagerly_ScheduledInTheSameMutation_DropsItsDispatchAndArmsStartToClose()
    {
        var state = Started();
        new WorkflowMutation(state, Now).StartWorkflowTask("poll", "worker");
        var completion = new WorkflowMutation(state, Now);
        completion.CompleteWorkflowTask("worker", "", null, null, null);
        var eagerId = completion.ScheduleActivity(ActivityAttributes("eager"));
        var dispatchedId = completion.ScheduleActivity(ActivityAttributes("dispatched"));

        completion.StartActivityEagerly(state.Activities[eagerId], "eager-request", "worker");

        var dispatches = completion.Tasks.Where(t => t.Data.Kind == ShardTaskKind.DispatchActivityTask).Select(t => t.Data.EventId);
        Assert.Equal([dispatchedId], dispatches);
        Assert.True(state.Activities[eagerId].Started);
        Assert.Equal("eager-request", state.Activities[eagerId].StartRequestId);
        Assert.Contains(completion.Tasks, t => t.Data.Kind == ShardTaskKind.ActivityTimeout && t.Data.EventId == eagerId && t.Data.TimeoutType == (int)TimeoutType.StartToClose);
        Assert.False(state.Activities[dispatchedId].Started);
    }

    private static Temporalio.Api.History.V1.ActivityTaskScheduledEventAttributes ActivityAttributes(string activityId) => new()
    {
        ActivityId = activityId,
        ActivityType = new Temporalio.Api.Common.V1.ActivityType { Name = "Act" },
        TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = "tq" },
        StartToCloseTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
    };
}
