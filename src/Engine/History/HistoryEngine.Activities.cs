using Fencepost.Engine.Errors;
using Fencepost.Engine.Matching;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.History;

internal sealed partial class HistoryEngine
{
    /// <summary>Starts the activity attempt a poller matched; null when stale.</summary>
    public async Task<PollActivityTaskQueueResponse?> RecordActivityTaskStartedAsync(MatchingTaskData task, string pollRequestId, string identity, CancellationToken cancellationToken)
    {
        var key = new WorkflowKey(task.NamespaceId, task.WorkflowId, task.RunId);
        try
        {
            return await UpdateRunAsync(key, mutation =>
            {
                var state = mutation.State;
                if (!state.IsRunning || !state.Activities.TryGetValue(task.ScheduledEventId, out var info) || info.Attempt != task.Attempt)
                {
                    return null;
                }
                if (info.Started)
                {
                    return info.StartRequestId == pollRequestId ? BuildActivityResponse(state, info) : null;
                }
                info.WaitingForRetry = false;
                mutation.StartActivity(info, pollRequestId, identity);
                return BuildActivityResponse(state, info);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ServiceErrorException ex) when (ex.Code == Grpc.Core.StatusCode.NotFound)
        {
            return null;
        }
    }

    private PollActivityTaskQueueResponse BuildActivityResponse(MutableState state, ActivityInfo info)
    {
        var scheduled = WorkflowMutation.ScheduledAttributes(info);
        var token = new TaskToken(TaskTokenKind.ActivityTask, state.NamespaceId, state.WorkflowId, state.RunId, info.ScheduledEventId, 0, info.Attempt);
        return new PollActivityTaskQueueResponse
        {
            TaskToken = tokens.Encode(token),
            WorkflowNamespace = state.Namespace,
            WorkflowType = new WorkflowType { Name = state.WorkflowType },
            WorkflowExecution = new WorkflowExecution { WorkflowId = state.WorkflowId, RunId = state.RunId.ToString() },
            ActivityType = scheduled.ActivityType,
            ActivityId = scheduled.ActivityId,
            Header = scheduled.Header,
            Input = scheduled.Input,
            HeartbeatDetails = info.HeartbeatDetails is null ? null : Payloads.Parser.ParseFrom(info.HeartbeatDetails),
            ScheduledTime = Timestamp.FromDateTimeOffset(info.FirstScheduledTime),
            CurrentAttemptScheduledTime = Timestamp.FromDateTimeOffset(info.ScheduledTime),
            StartedTime = Timestamp.FromDateTimeOffset(info.StartedTime ?? info.ScheduledTime),
            Attempt = info.Attempt,
            // Events written before the timeouts were always filled can hold nulls; an SDK may read all three.
            ScheduleToCloseTimeout = scheduled.ScheduleToCloseTimeout ?? new Duration(),
            StartToCloseTimeout = scheduled.StartToCloseTimeout ?? new Duration(),
            HeartbeatTimeout = scheduled.HeartbeatTimeout ?? new Duration(),
            RetryPolicy = scheduled.RetryPolicy ?? RetryPolicyEvaluator.WithDefaults(null),
            Priority = scheduled.Priority,
        };
    }

    public Task RespondActivityCompletedAsync(TaskToken token, Payloads? result, string identity, CancellationToken cancellationToken) =>
        UpdateRunAsync(token.Key, mutation =>
        {
            mutation.CompleteActivity(RequireStartedActivity(mutation.State, token), result, identity);
            return true;
        }, cancellationToken);

    public Task RespondActivityFailedAsync(TaskToken token, Failure failure, Payloads? lastHeartbeat, string identity, CancellationToken cancellationToken) =>
        UpdateRunAsync(token.Key, mutation =>
        {
            var info = RequireStartedActivity(mutation.State, token);
            if (lastHeartbeat is not null)
            {
                mutation.RecordHeartbeat(info, lastHeartbeat);
            }
            var nextDelay = failure.ApplicationFailureInfo?.NextRetryDelay is { } delay ? delay.ToTimeSpan() : (TimeSpan?)null;
            mutation.FailActivityAttempt(info, failure, identity, nextDelay);
            return true;
        }, cancellationToken);

    public Task RespondActivityCanceledAsync(TaskToken token, Payloads? details, string identity, CancellationToken cancellationToken) =>
        UpdateRunAsync(token.Key, mutation =>
        {
            mutation.CancelActivity(RequireStartedActivity(mutation.State, token), details, identity);
            return true;
        }, cancellationToken);

    /// <summary>Records a heartbeat; the answer says whether the workflow asked to cancel the activity.</summary>
    public Task<bool> RecordActivityHeartbeatAsync(TaskToken token, Payloads? details, CancellationToken cancellationToken) =>
        UpdateRunAsync(token.Key, mutation =>
        {
            var info = RequireStartedActivity(mutation.State, token);
            mutation.RecordHeartbeat(info, details);
            return info.CancelRequested;
        }, cancellationToken);

    /// <summary>
    /// The token of the activity's current attempt, found by its activity id (completion by id).
    /// NOT_FOUND, as for a stale token, when the run is closed or the activity is unknown, finished
    /// or not started (waiting for its first or next attempt).
    /// </summary>
    public Task<TaskToken> ActivityTokenAsync(WorkflowKey key, string activityId, CancellationToken cancellationToken) =>
        ReadRunAsync(key, (state, _) =>
        {
            if (!state.IsRunning)
            {
                throw ServiceErrorException.NotFound("Workflow execution already completed.");
            }
            var info = state.Activities.Values.FirstOrDefault(a => a.ActivityId == activityId)
                ?? throw ServiceErrorException.NotFound($"Activity {ErrorText.Echo(activityId)} not found: it completed, was cancelled or never existed.");
            if (!info.Started)
            {
                throw ServiceErrorException.NotFound($"Activity {ErrorText.Echo(activityId)} is not running: its attempt {info.Attempt} has not started.");
            }
            return new TaskToken(TaskTokenKind.ActivityTask, state.NamespaceId, state.WorkflowId, state.RunId, info.ScheduledEventId, 0, info.Attempt);
        }, withEvents: false, cancellationToken);

    private static ActivityInfo RequireStartedActivity(MutableState state, TaskToken token)
    {
        if (token.Kind != TaskTokenKind.ActivityTask)
        {
            throw ServiceErrorException.InvalidArgument("The task token is not an activity task token.");
        }
        if (!state.IsRunning)
        {
            throw ServiceErrorException.NotFound("Workflow execution already completed.");
        }
        if (!state.Activities.TryGetValue(token.EventId, out var info) || info.Attempt != token.Attempt || !info.Started)
        {
            throw ServiceErrorException.NotFound("Activity task not found: it timed out, was cancelled or completed already.");
        }
        return info;
    }
}
