using Fencepost.Engine.Introspection;
using Fencepost.Engine.Matching;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace Fencepost.Engine.History.Diagnosis;

/// <summary>
/// Turns a run's facts into one verdict, most blocking first: a shard without its owner, shard
/// tasks overdue, the workflow task (failing, waiting for a worker, queued, running), then the
/// pending activities, timers and children; a run with none of these waits for the outside world.
/// Every fact read is listed as a finding, whatever the verdict.
/// </summary>
internal static class StuckVerdict
{
    /// <summary>How late a stored shard task may be before its queue counts as behind (deletes lag a few seconds).</summary>
    internal static readonly TimeSpan OverdueGrace = TimeSpan.FromSeconds(30);

    public static (WorkflowDiagnosisKind Kind, string Verdict, List<string> Findings) Decide(RunFacts facts)
    {
        var findings = new List<string>();
        var state = facts.State;
        var shard = facts.Shard;
        findings.Add(shard.StoredOwner.Length == 0
            ? $"History shard {shard.ShardId} has never been owned."
            : $"History shard {shard.ShardId} is owned by {shard.StoredOwner}" + (shard.StoredOwner == shard.HostId ? " (this node)" : "")
                + (shard.CommittedTransactions is { } commits ? $"; shard transactions committed since it was acquired: {commits}." : "."));
        if (!state.IsRunning)
        {
            findings.Add($"Closed at {state.CloseTime:u}.");
            return (WorkflowDiagnosisKind.Closed, $"Not stuck: the run is closed ({StatusName(state.Status)}).", findings);
        }

        AddTaskFindings(facts, findings);
        if (state.BufferedEvents.Count > 0)
        {
            findings.Add($"{state.BufferedEvents.Count} events are buffered until the current workflow task ends.");
        }
        if (shard.MissingHere)
        {
            return (WorkflowDiagnosisKind.ShardNotOwned,
                $"History shard {shard.ShardId} is being acquired or reloaded by this node: nothing on it moves until that finishes.", findings);
        }
        var overdue = facts.Tasks.Where(t => t.DueTime is { } due && facts.Now - due > OverdueGrace).OrderBy(t => t.DueTime).FirstOrDefault();
        if (overdue is { DueTime: { } overdueAt })
        {
            return (WorkflowDiagnosisKind.ShardQueueBehind,
                $"Shard {shard.ShardId}'s timer queue is behind: a {overdue.Kind} timer of this run was due {DurationText.Of(facts.Now - overdueAt)} ago and has not fired.",
                findings);
        }
        if (WorkflowTaskVerdict(facts, findings) is { } workflowTask)
        {
            return (workflowTask.Kind, workflowTask.Verdict, findings);
        }
        if (ActivityVerdict(facts, findings) is { } activity)
        {
            return (activity.Kind, activity.Verdict, findings);
        }
        if (state.Timers.Values.OrderBy(t => t.ExpiryTime).FirstOrDefault() is { } timer)
        {
            return (WorkflowDiagnosisKind.WaitingForTimer,
                $"Waiting for timer {timer.TimerId} until {timer.ExpiryTime:u} (in {DurationText.Of(timer.ExpiryTime - facts.Now)}).", findings);
        }
        if (state.Children.Values.FirstOrDefault() is { } child)
        {
            return (WorkflowDiagnosisKind.WaitingForChild,
                $"Waiting for child workflow {child.WorkflowId} ({child.WorkflowType}) to {(child.StartedEventId > 0 ? "complete" : "start")}.", findings);
        }
        return (WorkflowDiagnosisKind.Idle, "Waiting for a signal, an update or a cancellation: nothing is pending.", findings);
    }

    private static (WorkflowDiagnosisKind Kind, string Verdict)? WorkflowTaskVerdict(RunFacts facts, List<string> findings)
    {
        var state = facts.State;
        if (state.WorkflowTask is not { } task)
        {
            return null;
        }
        var queue = facts.Queue(state.TaskQueue, MatchingEngine.WorkflowTaskType);
        findings.Add(task.StartedEventId > 0
            ? $"Workflow task (attempt {task.Attempt}) started by {task.Identity} {DurationText.Of(facts.Now - (task.StartedTime ?? facts.Now))} ago."
            : $"Workflow task (attempt {task.Attempt}) scheduled {DurationText.Of(facts.Now - task.ScheduledTime)} ago, not started.");
        findings.Add(PollerFinding(facts, queue, state.TaskQueue, "workflow"));
        if (task.Attempt > 1)
        {
            return (WorkflowDiagnosisKind.WorkflowTaskFailing,
                $"Workflow task failing: attempt {task.Attempt}, {state.LastWorkflowTaskFailure ?? "the last attempt failed"}.");
        }
        if (task.StartedEventId > 0)
        {
            return (WorkflowDiagnosisKind.WorkflowTaskRunning,
                $"A worker ({task.Identity}) is processing a workflow task, started {DurationText.Of(facts.Now - (task.StartedTime ?? facts.Now))} ago.");
        }
        return NoWorker(facts, queue, state.TaskQueue) is { } noWorker
            ? (WorkflowDiagnosisKind.WaitingForWorker, noWorker)
            : (WorkflowDiagnosisKind.WorkflowTaskQueued,
                $"A workflow task has waited {DurationText.Of(facts.Now - task.ScheduledTime)} for one of the {queue!.WaitingPollers} pollers of task queue {state.TaskQueue}.");
    }

    private static (WorkflowDiagnosisKind Kind, string Verdict)? ActivityVerdict(RunFacts facts, List<string> findings)
    {
        (WorkflowDiagnosisKind Kind, string Verdict)? first = null;
        foreach (var info in facts.State.Activities.Values.OrderBy(a => a.ScheduledEventId))
        {
            var attributes = HistoryEvent.Parser.ParseFrom(info.ScheduledEvent).ActivityTaskScheduledEventAttributes;
            var name = $"Activity {attributes.ActivityType?.Name} ({info.ActivityId})";
            var lastFailure = info.LastFailure is null ? null : FailureText(Failure.Parser.ParseFrom(info.LastFailure));
            (WorkflowDiagnosisKind Kind, string Verdict) verdict;
            if (info.Started)
            {
                var heartbeat = info.LastHeartbeatTime is { } beat ? $"last heartbeat {DurationText.Of(facts.Now - beat)} ago" : "no heartbeat yet";
                verdict = (WorkflowDiagnosisKind.ActivityRunning,
                    $"{name} is running on {info.StartedIdentity}: attempt {info.Attempt}, started {DurationText.Of(facts.Now - (info.StartedTime ?? facts.Now))} ago, {heartbeat}.");
            }
            else if (info.WaitingForRetry && info.ScheduledTime > facts.Now)
            {
                verdict = (WorkflowDiagnosisKind.ActivityFailing,
                    $"{name} failing: attempt {info.Attempt} is retried in {DurationText.Of(info.ScheduledTime - facts.Now)}; last failure: {lastFailure ?? "unknown"}.");
            }
            else
            {
                var queueName = attributes.TaskQueue?.Name ?? facts.State.TaskQueue;
                var queue = facts.Queue(queueName, MatchingEngine.ActivityTaskType);
                findings.Add(PollerFinding(facts, queue, queueName, "activity"));
                verdict = NoWorker(facts, queue, queueName) is { } noWorker
                    ? (WorkflowDiagnosisKind.WaitingForWorker, $"{name}: {noWorker}")
                    : (info.Attempt > 1 ? WorkflowDiagnosisKind.ActivityFailing : WorkflowDiagnosisKind.ActivityQueued,
                        $"{name} (attempt {info.Attempt}) has waited {DurationText.Of(facts.Now - info.ScheduledTime)} for one of the pollers of task queue {queueName}"
                        + (lastFailure is null ? "." : $"; last failure: {lastFailure}."));
            }
            findings.Add(verdict.Verdict);
            first ??= verdict;
        }
        return first;
    }

    /// <summary>The verdict sentence when no worker polls <paramref name="queueName"/>; null when one polled within the freshness window.</summary>
    private static string? NoWorker(RunFacts facts, QueueFacts? queue, string queueName)
    {
        if (queue is not { LastPoll: { } lastPoll })
        {
            return $"Waiting for a worker: no poller has polled task queue {queueName} on this node.";
        }
        var since = facts.Now - lastPoll;
        return since > facts.PollerFreshness && queue.WaitingPollers == 0
            ? $"Waiting for a worker: no poller on task queue {queueName} for {DurationText.Of(since)}."
            : null;
    }

    private static string PollerFinding(RunFacts facts, QueueFacts? queue, string queueName, string kind) => queue is { LastPoll: { } lastPoll }
        ? $"Task queue {queueName} ({kind}): last poll {DurationText.Of(facts.Now - lastPoll)} ago, {queue.WaitingPollers} pollers waiting, {queue.Backlog} tasks in the backlog."
        : $"Task queue {queueName} ({kind}): no poller seen by this node.";

    private static void AddTaskFindings(RunFacts facts, List<string> findings)
    {
        foreach (var task in facts.Tasks.OrderBy(t => t.DueTime))
        {
            var when = task.DueTime switch
            {
                null => "due at once (not yet done, or done and not yet deleted)",
                { } due when due <= facts.Now => $"due {DurationText.Of(facts.Now - due)} ago",
                { } due => $"due in {DurationText.Of(due - facts.Now)}",
            };
            findings.Add($"Outstanding {task.Category.ToString().ToLowerInvariant()} task {task.Kind}, {when}.");
        }
    }

    internal static string FailureText(Failure failure)
    {
        var type = failure.ApplicationFailureInfo?.Type;
        return string.IsNullOrEmpty(type) ? failure.Message : $"{type}: {failure.Message}";
    }

    private static string StatusName(int status) => ((Temporalio.Api.Enums.V1.WorkflowExecutionStatus)status).ToString();
}
