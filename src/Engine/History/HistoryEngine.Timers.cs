using Fencepost.Engine.Queues;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;

namespace Fencepost.Engine.History;

internal sealed partial class HistoryEngine
{
    public Task FireUserTimerAsync(ShardTaskData task, CancellationToken cancellationToken) =>
        UpdateRunAsync(TaskKey(task), mutation =>
        {
            if (mutation.State.IsRunning && mutation.State.Timers.TryGetValue(task.TimerId, out var timer) && timer.StartedEventId == task.EventId)
            {
                mutation.FireTimer(timer);
            }
            return true;
        }, cancellationToken);

    public Task FireWorkflowTaskTimeoutAsync(ShardTaskData task, CancellationToken cancellationToken) =>
        UpdateRunAsync(TaskKey(task), mutation =>
        {
            if (mutation.State.IsRunning && mutation.State.WorkflowTask is { StartedEventId: > 0 } wft
                && wft.ScheduledEventId == task.EventId && wft.Attempt == task.Attempt)
            {
                mutation.TimeOutWorkflowTask();
            }
            return true;
        }, cancellationToken);

    public Task FireWorkflowTimeoutAsync(ShardTaskData task, CancellationToken cancellationToken) =>
        UpdateRunAsync(TaskKey(task), mutation =>
        {
            if (mutation.State.IsRunning)
            {
                mutation.TimeOutWorkflow();
            }
            return true;
        }, cancellationToken);

    /// <summary>A delayed start's first workflow task: scheduled now (and dispatched by its transfer task).</summary>
    public Task ScheduleDelayedFirstWorkflowTaskAsync(ShardTaskData task, CancellationToken cancellationToken) =>
        UpdateRunAsync(TaskKey(task), mutation =>
        {
            mutation.ScheduleWorkflowTaskIfNeeded();
            return true;
        }, cancellationToken);

    /// <summary>Checks an activity timeout; heartbeat timers re-arm themselves while heartbeats keep coming.</summary>
    public Task FireActivityTimeoutAsync(ShardTaskData task, CancellationToken cancellationToken) =>
        UpdateRunAsync(TaskKey(task), mutation =>
        {
            var state = mutation.State;
            if (!state.IsRunning || !state.Activities.TryGetValue(task.EventId, out var info))
            {
                return true;
            }
            var type = (TimeoutType)task.TimeoutType;
            if (type != TimeoutType.ScheduleToClose && info.Attempt != task.Attempt)
            {
                return true;
            }
            switch (type)
            {
                case TimeoutType.ScheduleToStart when info.Started:
                    return true;
                case TimeoutType.StartToClose when !info.Started:
                    return true;
                case TimeoutType.Heartbeat when !info.Started:
                    return true;
                case TimeoutType.Heartbeat:
                    var scheduled = WorkflowMutation.ScheduledAttributes(info);
                    var interval = scheduled.HeartbeatTimeout.ToTimeSpan();
                    var last = info.LastHeartbeatTime ?? info.StartedTime ?? mutation.Now;
                    if (last + interval > mutation.Now)
                    {
                        mutation.AddTimer(last + interval, ShardTaskKind.ActivityTimeout, info.ScheduledEventId, info.Attempt, (int)TimeoutType.Heartbeat);
                        return true;
                    }
                    break;
                default:
                    break;
            }
            var failure = new Failure
            {
                Message = $"activity {TimeoutName(type)} timeout",
                Source = "Server",
                TimeoutFailureInfo = new TimeoutFailureInfo { TimeoutType = type },
            };
            if (info.HeartbeatDetails is not null)
            {
                failure.TimeoutFailureInfo.LastHeartbeatDetails = Temporalio.Api.Common.V1.Payloads.Parser.ParseFrom(info.HeartbeatDetails);
            }
            if (info.LastFailure is not null && type is TimeoutType.ScheduleToClose or TimeoutType.ScheduleToStart)
            {
                failure.Cause = Failure.Parser.ParseFrom(info.LastFailure);
            }
            mutation.FailActivityAttempt(info, failure, info.StartedIdentity, null, type);
            return true;
        }, cancellationToken);

    private static string TimeoutName(TimeoutType type) => type switch
    {
        TimeoutType.ScheduleToStart => "ScheduleToStart",
        TimeoutType.ScheduleToClose => "ScheduleToClose",
        TimeoutType.Heartbeat => "Heartbeat",
        _ => "StartToClose",
    };

    private static WorkflowKey TaskKey(ShardTaskData task) => new(task.NamespaceId, task.WorkflowId, task.RunId);
}
