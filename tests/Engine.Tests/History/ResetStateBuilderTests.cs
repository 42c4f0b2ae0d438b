using Fencepost.Engine.History;
using Fencepost.Engine.Queues;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;

namespace Fencepost.Engine.Tests.History;

/// <summary>Reset as pure logic: what was pending at the reset point is rebuilt from history and armed again.</summary>
public class ResetStateBuilderTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-01-01T00:00:00Z");

    [Fact]
    public void Rebuild_ActivityAndTimerPendingAtTheResetPoint_RescheduledFromAttemptOneAndTimerReArmed()
    {
        var created = NewRunBuilder.Build(new NewRunSpec { NamespaceId = Guid.NewGuid(), Namespace = "default", WorkflowId = "wf", WorkflowType = "T", TaskQueue = "tq" }, Now);
        var state = created.State;
        var events = new List<HistoryEvent>(created.Events);
        events.AddRange(Apply(state, m => m.StartWorkflowTask("poll-1", "worker")));
        events.AddRange(Apply(state, m =>
        {
            var completed = m.CompleteWorkflowTask("worker", "build-1", null, null, null);
            m.ScheduleActivity(new ActivityTaskScheduledEventAttributes
            {
                ActivityId = "ship",
                ActivityType = new ActivityType { Name = "Ship" },
                TaskQueue = new TaskQueue { Name = "tq" },
                StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
                WorkflowTaskCompletedEventId = completed,
            });
            m.StartTimer("reminder", TimeSpan.FromHours(1), completed);
        }));
        events.AddRange(Apply(state, m => m.AddSignal("poke", null, "client", null)));
        events.AddRange(Apply(state, m => m.StartWorkflowTask("poll-2", "worker")));
        events.AddRange(Apply(state, m => m.CompleteWorkflowTask("worker", "build-1", null, null, null)));
        Assert.Equal(EventType.WorkflowTaskCompleted, events[9].EventType);

        var newRunId = Guid.NewGuid();
        var rebuilt = ResetStateBuilder.Rebuild(state, events.Take(9).ToList(), newRunId, "reset-request", Now.AddHours(2));
        var reset = new WorkflowMutation(rebuilt, Now.AddHours(2));
        reset.FinishReset(state.RunId, "bad deploy", []);

        Assert.Equal([EventType.WorkflowTaskFailed, EventType.WorkflowTaskScheduled], reset.Events.Select(e => e.EventType));
        Assert.Equal([10L, 11L], reset.Events.Select(e => e.EventId));
        var failed = reset.Events[0].WorkflowTaskFailedEventAttributes;
        Assert.Equal((WorkflowTaskFailedCause.ResetWorkflow, 8L, 9L), (failed.Cause, failed.ScheduledEventId, failed.StartedEventId));
        Assert.Equal((state.RunId.ToString(), newRunId.ToString()), (failed.BaseRunId, failed.NewRunId));
        var activity = Assert.Single(rebuilt.Activities).Value;
        Assert.Equal((5L, 1, Now.AddHours(2)), (activity.ScheduledEventId, activity.Attempt, activity.ScheduledTime));
        Assert.Equal(Now.AddHours(1), Assert.Single(rebuilt.Timers).Value.ExpiryTime);
        Assert.Equal((1L, 3L, "reset-request"), (rebuilt.SignalCount, rebuilt.LastCompletedWorkflowTaskStartedEventId, rebuilt.CreateRequestId));
        Assert.Contains(reset.Tasks, t => t.Data.Kind == ShardTaskKind.DispatchActivityTask && t.Data.EventId == 5 && t.Data.Attempt == 1);
        Assert.Contains(reset.Tasks, t => t.Data.Kind == ShardTaskKind.UserTimer && t.Data.EventId == 6 && t.VisibilityTime == Now.AddHours(1));
        Assert.Contains(reset.Tasks, t => t.Data.Kind == ShardTaskKind.DispatchWorkflowTask && t.Data.EventId == 11);
        Assert.Equal(newRunId, rebuilt.RunId);
        Assert.Equal(state.FirstRunId, rebuilt.FirstRunId);
    }

    private static List<HistoryEvent> Apply(MutableState state, Action<WorkflowMutation> change)
    {
        var mutation = new WorkflowMutation(state, Now);
        change(mutation);
        return mutation.Events;
    }
}
