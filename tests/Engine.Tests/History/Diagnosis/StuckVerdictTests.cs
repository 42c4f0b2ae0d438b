using Fencepost.Engine.History;
using Fencepost.Engine.History.Diagnosis;
using Fencepost.Engine.Introspection;
using Fencepost.Engine.Matching;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Queues;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace Fencepost.Engine.Tests.History.Diagnosis;

/// <summary>Which verdict wins for hand-made facts: the states an SDK test cannot reach quickly (a worker gone for minutes, an overdue timer, a shard reloading).</summary>
public class StuckVerdictTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Freshness = TimeSpan.FromMinutes(2);

    private static MutableState Running() => new() { WorkflowId = "order-1", TaskQueue = "orders", State = WorkflowExecutionState.Running };

    private static RunFacts Facts(MutableState state, bool shardMissing = false, IReadOnlyList<QueueFacts>? queues = null, IReadOnlyList<OutstandingTask>? tasks = null) =>
        new(state, Now, new ShardFacts(3, "node-a", "node-a", shardMissing, 12), queues ?? [], tasks ?? [], Freshness);

    [Fact]
    public void Decide_WorkflowTaskAndTheOnlyPollerLeftTwelveMinutesAgo_WaitingForWorkerSinceThen()
    {
        var state = Running();
        state.WorkflowTask = new WorkflowTaskInfo { ScheduledEventId = 2, ScheduledTime = Now.AddMinutes(-15) };
        var queue = new QueueFacts("orders", MatchingEngine.WorkflowTaskType, true, Now.AddMinutes(-12), 0, 1);

        var (kind, verdict, findings) = StuckVerdict.Decide(Facts(state, queues: [queue]));

        Assert.Equal(WorkflowDiagnosisKind.WaitingForWorker, kind);
        Assert.Equal("Waiting for a worker: no poller on task queue orders for 12 min.", verdict);
        Assert.Contains("Workflow task (attempt 1) scheduled 15 min ago, not started.", findings);
    }

    [Fact]
    public void Decide_WorkflowTaskWithAPollerSeenJustNow_QueuedNotWaitingForWorker()
    {
        var state = Running();
        state.WorkflowTask = new WorkflowTaskInfo { ScheduledEventId = 2, ScheduledTime = Now.AddSeconds(-5) };
        var queue = new QueueFacts("orders", MatchingEngine.WorkflowTaskType, true, Now.AddSeconds(-1), 2, 40);

        var (kind, verdict, _) = StuckVerdict.Decide(Facts(state, queues: [queue]));

        Assert.Equal(WorkflowDiagnosisKind.WorkflowTaskQueued, kind);
        Assert.Equal("A workflow task has waited 5 s for one of the 2 pollers of task queue orders.", verdict);
    }

    [Fact]
    public void Decide_ShardBeingReacquired_ShardNotOwnedBeforeAnythingElse()
    {
        var state = Running();
        state.WorkflowTask = new WorkflowTaskInfo { ScheduledEventId = 2, ScheduledTime = Now.AddMinutes(-1), Attempt = 4 };

        var (kind, verdict, _) = StuckVerdict.Decide(Facts(state, shardMissing: true));

        Assert.Equal(WorkflowDiagnosisKind.ShardNotOwned, kind);
        Assert.StartsWith("History shard 3 is being acquired or reloaded by this node", verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_TimerOverdueByMinutes_ShardQueueBehind()
    {
        var state = Running();
        state.Timers["t1"] = new TimerInfo { TimerId = "t1", StartedEventId = 5, ExpiryTime = Now.AddMinutes(-3) };
        var timer = new OutstandingTask(ShardTaskCategory.Timer, ShardTaskKind.UserTimer, Now.AddMinutes(-3));

        var (kind, verdict, _) = StuckVerdict.Decide(Facts(state, tasks: [timer]));

        Assert.Equal(WorkflowDiagnosisKind.ShardQueueBehind, kind);
        Assert.Equal("Shard 3's timer queue is behind: a UserTimer timer of this run was due 3 min ago and has not fired.", verdict);
    }

    [Fact]
    public void Decide_TimerDueWithinTheGrace_StillWaitingForTimer()
    {
        var state = Running();
        state.Timers["t1"] = new TimerInfo { TimerId = "t1", StartedEventId = 5, ExpiryTime = Now.AddSeconds(-5) };
        var timer = new OutstandingTask(ShardTaskCategory.Timer, ShardTaskKind.UserTimer, Now.AddSeconds(-5));

        var (kind, _, _) = StuckVerdict.Decide(Facts(state, tasks: [timer]));

        Assert.Equal(WorkflowDiagnosisKind.WaitingForTimer, kind);
    }

    [Fact]
    public void Decide_ActivityRetryPending_ActivityFailingWithTypeAndMessage()
    {
        var state = Running();
        var scheduled = new HistoryEvent
        {
            EventId = 5,
            ActivityTaskScheduledEventAttributes = new ActivityTaskScheduledEventAttributes { ActivityId = "1", ActivityType = new ActivityType { Name = "Charge" } },
        };
        var failure = new Failure { Message = "card declined", ApplicationFailureInfo = new ApplicationFailureInfo { Type = "Declined" } };
        state.Activities[5] = new ActivityInfo
        {
            ScheduledEventId = 5, ActivityId = "1", ScheduledEvent = scheduled.ToByteArray(), Attempt = 3, WaitingForRetry = true,
            ScheduledTime = Now.AddSeconds(40), LastFailure = failure.ToByteArray(),
        };

        var (kind, verdict, _) = StuckVerdict.Decide(Facts(state));

        Assert.Equal(WorkflowDiagnosisKind.ActivityFailing, kind);
        Assert.Equal("Activity Charge (1) failing: attempt 3 is retried in 40 s; last failure: Declined: card declined.", verdict);
    }
}
