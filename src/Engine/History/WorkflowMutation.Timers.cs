using Fencepost.Engine.Queues;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Fencepost.Engine.History;

internal sealed partial class WorkflowMutation
{
    public void StartTimer(string timerId, TimeSpan startToFire, long workflowTaskCompletedEventId)
    {
        var started = NewEvent(EventType.TimerStarted);
        started.TimerStartedEventAttributes = new TimerStartedEventAttributes
        {
            TimerId = timerId,
            StartToFireTimeout = Duration.FromTimeSpan(startToFire),
            WorkflowTaskCompletedEventId = workflowTaskCompletedEventId,
        };
        var id = Append(started, bufferable: false);
        var fireAt = Now + startToFire;
        State.Timers[timerId] = new TimerInfo { TimerId = timerId, StartedEventId = id, ExpiryTime = fireAt };
        AddTimer(fireAt, ShardTaskKind.UserTimer, id, timerId: timerId);
    }

    public void CancelTimer(TimerInfo timer, long workflowTaskCompletedEventId, string identity)
    {
        var canceled = NewEvent(EventType.TimerCanceled);
        canceled.TimerCanceledEventAttributes = new TimerCanceledEventAttributes
        {
            TimerId = timer.TimerId,
            StartedEventId = timer.StartedEventId,
            WorkflowTaskCompletedEventId = workflowTaskCompletedEventId,
            Identity = identity,
        };
        Append(canceled, bufferable: false);
        State.Timers.Remove(timer.TimerId);
    }

    public void FireTimer(TimerInfo timer)
    {
        var fired = NewEvent(EventType.TimerFired);
        fired.TimerFiredEventAttributes = new TimerFiredEventAttributes
        {
            TimerId = timer.TimerId,
            StartedEventId = timer.StartedEventId,
        };
        Append(fired);
        State.Timers.Remove(timer.TimerId);
        ScheduleWorkflowTaskIfNeeded();
    }
}
