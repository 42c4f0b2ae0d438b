using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Queues;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace Fencepost.Engine.History;

internal sealed partial class WorkflowMutation
{
    /// <summary>Records ActivityTaskScheduled (attributes already validated and normalised) and dispatches it.</summary>
    public long ScheduleActivity(ActivityTaskScheduledEventAttributes attributes)
    {
        var scheduled = NewEvent(EventType.ActivityTaskScheduled);
        scheduled.ActivityTaskScheduledEventAttributes = attributes;
        var id = Append(scheduled, bufferable: false);
        var info = new ActivityInfo
        {
            ScheduledEventId = id,
            ActivityId = attributes.ActivityId,
            ScheduledEvent = scheduled.ToByteArray(),
            FirstScheduledTime = Now,
            ScheduledTime = Now,
        };
        State.Activities[id] = info;
        AddTransfer(ShardTaskKind.DispatchActivityTask, id, attributes.TaskQueue.Name, 1);
        ArmScheduleTimeouts(info, attributes, Now);
        return id;
    }

    public void StartActivity(ActivityInfo info, string requestId, string identity)
    {
        info.Started = true;
        info.StartedTime = Now;
        info.StartRequestId = requestId;
        info.StartedIdentity = identity;
        info.LastHeartbeatTime = null;
        StateChanged = true;
        var attributes = ScheduledAttributes(info);
        if (attributes.StartToCloseTimeout is { } startToClose && startToClose.ToTimeSpan() > TimeSpan.Zero)
        {
            AddTimer(Now + startToClose.ToTimeSpan(), ShardTaskKind.ActivityTimeout, info.ScheduledEventId, info.Attempt, (int)TimeoutType.StartToClose);
        }
        if (attributes.HeartbeatTimeout is { } heartbeat && heartbeat.ToTimeSpan() > TimeSpan.Zero)
        {
            AddTimer(Now + heartbeat.ToTimeSpan(), ShardTaskKind.ActivityTimeout, info.ScheduledEventId, info.Attempt, (int)TimeoutType.Heartbeat);
        }
    }

    /// <summary>
    /// Starts an activity scheduled in this mutation for the worker that completed the workflow
    /// task (Temporal's eager activity execution): its dispatch through matching is dropped, since
    /// the task goes back in the completion's response.
    /// </summary>
    public void StartActivityEagerly(ActivityInfo info, string requestId, string identity)
    {
        Tasks.RemoveAll(task => task.Category == ShardTaskCategory.Transfer
            && task.Data.Kind == ShardTaskKind.DispatchActivityTask
            && task.Data.EventId == info.ScheduledEventId);
        StartActivity(info, requestId, identity);
    }

    /// <summary>
    /// Undoes an eager start the worker never heard of (the completion's answer was lost): the
    /// attempt goes back to matching, as if it had not been asked for eagerly.
    /// </summary>
    public void ReturnEagerActivity(ActivityInfo info)
    {
        info.Started = false;
        info.StartedTime = null;
        info.StartRequestId = "";
        info.StartedIdentity = "";
        StateChanged = true;
        AddTransfer(ShardTaskKind.DispatchActivityTask, info.ScheduledEventId, ScheduledAttributes(info).TaskQueue.Name, info.Attempt);
    }

    public void RecordHeartbeat(ActivityInfo info, Payloads? details)
    {
        info.LastHeartbeatTime = Now;
        if (details is not null)
        {
            info.HeartbeatDetails = details.ToByteArray();
        }
        StateChanged = true;
    }

    public void CompleteActivity(ActivityInfo info, Payloads? result, string identity)
    {
        AppendActivityStarted(info);
        var completed = NewEvent(EventType.ActivityTaskCompleted);
        completed.ActivityTaskCompletedEventAttributes = new ActivityTaskCompletedEventAttributes
        {
            Result = result,
            ScheduledEventId = info.ScheduledEventId,
            StartedEventId = StartedLink(),
            Identity = identity,
        };
        Append(completed);
        State.Activities.Remove(info.ScheduledEventId);
        ScheduleWorkflowTaskIfNeeded();
    }

    /// <summary>
    /// A failed or timed-out attempt: retried on the server when the policy allows (no history
    /// event), else recorded as Started + Failed/TimedOut with the retry state.
    /// </summary>
    public void FailActivityAttempt(ActivityInfo info, Failure failure, string identity, TimeSpan? nextRetryDelay, TimeoutType timeout = TimeoutType.Unspecified)
    {
        var attributes = ScheduledAttributes(info);
        var decision = timeout == TimeoutType.ScheduleToStart || timeout == TimeoutType.ScheduleToClose
            ? new RetryDecision(RetryState.Timeout, TimeSpan.Zero)
            : RetryPolicyEvaluator.Decide(attributes.RetryPolicy, info.Attempt, failure, nextRetryDelay, Now,
                ScheduleToCloseDeadline(info, attributes));
        if (decision.State == RetryState.InProgress)
        {
            info.LastFailure = failure.ToByteArray();
            info.LastWorkerIdentity = identity;
            info.Attempt++;
            info.Started = false;
            info.StartedTime = null;
            info.StartRequestId = "";
            info.WaitingForRetry = true;
            info.ScheduledTime = Now + decision.Delay;
            StateChanged = true;
            AddTimer(Now + decision.Delay, ShardTaskKind.ActivityRetry, info.ScheduledEventId, info.Attempt, taskQueue: attributes.TaskQueue.Name);
            if (attributes.ScheduleToStartTimeout is { } toStart && toStart.ToTimeSpan() > TimeSpan.Zero)
            {
                AddTimer(info.ScheduledTime + toStart.ToTimeSpan(), ShardTaskKind.ActivityTimeout, info.ScheduledEventId, info.Attempt, (int)TimeoutType.ScheduleToStart);
            }
            return;
        }

        if (timeout != TimeoutType.Unspecified)
        {
            var wasStarted = info.Started;
            if (wasStarted)
            {
                AppendActivityStarted(info);
            }
            var timedOut = NewEvent(EventType.ActivityTaskTimedOut);
            timedOut.ActivityTaskTimedOutEventAttributes = new ActivityTaskTimedOutEventAttributes
            {
                Failure = failure,
                ScheduledEventId = info.ScheduledEventId,
                StartedEventId = wasStarted ? StartedLink() : 0,
                RetryState = decision.State,
            };
            Append(timedOut);
        }
        else
        {
            AppendActivityStarted(info);
            var failed = NewEvent(EventType.ActivityTaskFailed);
            failed.ActivityTaskFailedEventAttributes = new ActivityTaskFailedEventAttributes
            {
                Failure = failure,
                ScheduledEventId = info.ScheduledEventId,
                StartedEventId = StartedLink(),
                Identity = identity,
                RetryState = decision.State,
            };
            Append(failed);
        }
        State.Activities.Remove(info.ScheduledEventId);
        ScheduleWorkflowTaskIfNeeded();
    }

    public void RequestActivityCancel(ActivityInfo info, long workflowTaskCompletedEventId)
    {
        var requested = NewEvent(EventType.ActivityTaskCancelRequested);
        requested.ActivityTaskCancelRequestedEventAttributes = new ActivityTaskCancelRequestedEventAttributes
        {
            ScheduledEventId = info.ScheduledEventId,
            WorkflowTaskCompletedEventId = workflowTaskCompletedEventId,
        };
        var requestedId = Append(requested, bufferable: false);
        info.CancelRequested = true;
        StateChanged = true;
        if (!info.Started)
        {
            // Nobody is running it: cancelled at once.
            CancelActivity(info, null, "", requestedId);
        }
    }

    public void CancelActivity(ActivityInfo info, Payloads? details, string identity, long cancelRequestedEventId = 0)
    {
        if (info.Started)
        {
            AppendActivityStarted(info);
        }
        var canceled = NewEvent(EventType.ActivityTaskCanceled);
        canceled.ActivityTaskCanceledEventAttributes = new ActivityTaskCanceledEventAttributes
        {
            Details = details,
            ScheduledEventId = info.ScheduledEventId,
            StartedEventId = info.Started ? StartedLink() : 0,
            LatestCancelRequestedEventId = cancelRequestedEventId,
            Identity = identity,
        };
        Append(canceled);
        State.Activities.Remove(info.ScheduledEventId);
        ScheduleWorkflowTaskIfNeeded();
    }

    public static ActivityTaskScheduledEventAttributes ScheduledAttributes(ActivityInfo info) =>
        HistoryEvent.Parser.ParseFrom(info.ScheduledEvent).ActivityTaskScheduledEventAttributes;

    private static DateTimeOffset? ScheduleToCloseDeadline(ActivityInfo info, ActivityTaskScheduledEventAttributes attributes) =>
        attributes.ScheduleToCloseTimeout is { } toClose && toClose.ToTimeSpan() > TimeSpan.Zero
            ? info.FirstScheduledTime + toClose.ToTimeSpan()
            : null;

    private void ArmScheduleTimeouts(ActivityInfo info, ActivityTaskScheduledEventAttributes attributes, DateTimeOffset scheduledAt)
    {
        // A zero schedule-to-close means no limit; a schedule-to-start as long as it is left to the schedule-to-close timer.
        var deadline = ScheduleToCloseDeadline(info, attributes);
        if (attributes.ScheduleToStartTimeout is { } toStart && toStart.ToTimeSpan() > TimeSpan.Zero
            && (deadline is null || scheduledAt + toStart.ToTimeSpan() < deadline))
        {
            AddTimer(scheduledAt + toStart.ToTimeSpan(), ShardTaskKind.ActivityTimeout, info.ScheduledEventId, info.Attempt, (int)TimeoutType.ScheduleToStart);
        }
        if (deadline is { } toClose)
        {
            AddTimer(toClose, ShardTaskKind.ActivityTimeout, info.ScheduledEventId, 0, (int)TimeoutType.ScheduleToClose);
        }
    }

    /// <summary>The Started event of the attempt that just ended (Temporal writes it only now).</summary>
    private void AppendActivityStarted(ActivityInfo info)
    {
        var started = NewEvent(EventType.ActivityTaskStarted);
        started.ActivityTaskStartedEventAttributes = new ActivityTaskStartedEventAttributes
        {
            ScheduledEventId = info.ScheduledEventId,
            Identity = info.StartedIdentity.Length > 0 ? info.StartedIdentity : info.LastWorkerIdentity,
            RequestId = info.StartRequestId,
            Attempt = info.Attempt,
            LastFailure = info.LastFailure is null ? null : Failure.Parser.ParseFrom(info.LastFailure),
        };
        if (info.StartedTime is { } startedTime)
        {
            started.EventTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(startedTime);
        }
        _lastStartedId = Append(started);
    }

    private long _lastStartedId;

    /// <summary>The Started event's id, or a placeholder fixed when the buffered pair is flushed.</summary>
    private long StartedLink() => _lastStartedId == 0 ? PrecedingEventPlaceholder : _lastStartedId;
}
