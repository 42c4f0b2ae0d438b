using Fencepost.Engine.Errors;
using Fencepost.Engine.History.CrossShard;
using Fencepost.Engine.History.Schedules;
using Fencepost.Engine.Queues;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Workflow.V1;

namespace Fencepost.Engine.History;

/// <summary>
/// What a scheduler's timer and transfer tasks do, and the target side of its cross-shard calls:
/// starting an action's workflow (deduplicated by the request id fixed when the start was decided),
/// stopping a run for the overlap policy, and hearing that a run it started has closed.
/// </summary>
internal sealed partial class HistoryEngine
{
    public Task FireSchedulerWakeAsync(ShardTaskData task, CancellationToken cancellationToken) =>
        IgnoreNotFoundAsync(UpdateRunAsync(TaskKey(task), mutation =>
        {
            if (mutation.State.IsRunning && mutation.State.Scheduler is not null)
            {
                new SchedulerMachine(mutation).Woken();
            }
            return true;
        }, cancellationToken));

    public async Task StartScheduledAsync(ShardTaskData task, ICrossShardCalls targets, CancellationToken cancellationToken)
    {
        var key = TaskKey(task);
        var request = await TryReadAsync(key, state =>
            state.IsRunning && state.Scheduler is { } scheduler && scheduler.Starting.Find(s => s.RequestId == task.Reference) is { } pending
                ? StartRequestOf(state, scheduler, pending)
                : null, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return;
        }
        var result = await targets.StartScheduledAsync(request, cancellationToken).ConfigureAwait(false);
        await IgnoreNotFoundAsync(UpdateRunAsync(key, mutation =>
        {
            if (mutation.State.IsRunning && mutation.State.Scheduler is not null)
            {
                new SchedulerMachine(mutation).RecordStart(task.Reference, result.Started ? result.RunId : null, result.StartTime);
            }
            return true;
        }, cancellationToken)).ConfigureAwait(false);
    }

    public async Task StopScheduledAsync(ShardTaskData task, ICrossShardCalls targets, CancellationToken cancellationToken)
    {
        var key = TaskKey(task);
        var run = await TryReadAsync(key, state =>
            state.IsRunning && state.Scheduler is { } scheduler
                ? scheduler.Runs.FindLast(r => r.WorkflowId == task.Reference && r.Status == (int)WorkflowExecutionStatus.Running)
                : null, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return;
        }
        await targets.StopScheduledRunAsync(new ScheduledStopRequest(task.NamespaceId, run.WorkflowId, run.RunId, task.Attempt,
            task.WorkflowId[SchedulerNames.WorkflowIdPrefix.Length..], task.RunId), cancellationToken).ConfigureAwait(false);
    }

    private static ScheduledStartRequest StartRequestOf(MutableState state, SchedulerState scheduler, PendingScheduledStart pending)
    {
        var schedule = Temporalio.Api.Schedule.V1.Schedule.Parser.ParseFrom(scheduler.Schedule);
        return new ScheduledStartRequest(state.NamespaceId, scheduler.ScheduleId, pending.WorkflowId, pending.RequestId,
            schedule.Action.StartWorkflow.ToByteArray(), pending.NominalTime, pending.Manual,
            pending.Tracked ? scheduler.LastCompletionResult : null, pending.Tracked ? scheduler.ContinuedFailure : null);
    }

    /// <summary>Starts the action's workflow with the schedule's memo and search attributes plus the two TemporalScheduled* attributes.</summary>
    public async Task<ScheduledStartResult> StartScheduledRunAsync(ScheduledStartRequest request, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var ns = await namespaces.FindByIdAsync(request.NamespaceId, cancellationToken).ConfigureAwait(false);
        if (ns is null)
        {
            return ScheduledStartResult.NotStarted("the namespace no longer exists", now);
        }
        var action = NewWorkflowExecutionInfo.Parser.ParseFrom(request.Action);
        var attributes = action.SearchAttributes?.Clone() ?? new SearchAttributes();
        attributes.IndexedFields[SchedulerNames.ScheduledByIdSearchAttribute] = SchedulePayloads.Keyword(request.ScheduleId);
        attributes.IndexedFields[SchedulerNames.ScheduledStartTimeSearchAttribute] = SchedulePayloads.Datetime(request.NominalTime);
        var spec = new NewRunSpec
        {
            NamespaceId = ns.Id,
            Namespace = ns.Name,
            WorkflowId = request.WorkflowId,
            WorkflowType = action.WorkflowType.Name,
            TaskQueue = action.TaskQueue.Name,
            Input = action.Input,
            ExecutionTimeout = Positive(action.WorkflowExecutionTimeout),
            RunTimeout = Positive(action.WorkflowRunTimeout),
            TaskTimeout = Positive(action.WorkflowTaskTimeout),
            Header = action.Header,
            Memo = action.Memo,
            SearchAttributes = attributes,
            RetryPolicy = action.RetryPolicy,
            Identity = $"temporal-scheduler-{ns.Name}-{request.ScheduleId}",
            RequestId = request.RequestId,
            LastCompletionResult = request.LastCompletionResult is { } result ? Payloads.Parser.ParseFrom(result) : null,
            ContinuedFailure = request.ContinuedFailure is { } failure ? Failure.Parser.ParseFrom(failure) : null,
            Priority = action.Priority,
            ScheduledBy = request.ScheduleId,
        };
        try
        {
            // Scheduled starts reject a duplicate id (a second start of one spec time); manual ones may reuse a closed one.
            var reuse = request.Manual ? WorkflowIdReusePolicy.AllowDuplicate : WorkflowIdReusePolicy.RejectDuplicate;
            var started = await StartWorkflowAsync(ns, spec, reuse, WorkflowIdConflictPolicy.Fail, cancellationToken).ConfigureAwait(false);
            return new ScheduledStartResult(started.RunId, timeProvider.GetUtcNow(), "");
        }
        catch (ServiceErrorException ex) when (ex.Code is Grpc.Core.StatusCode.AlreadyExists or Grpc.Core.StatusCode.InvalidArgument or Grpc.Core.StatusCode.NotFound)
        {
            return ScheduledStartResult.NotStarted(ex.Message, now);
        }
    }

    private static TimeSpan? Positive(Google.Protobuf.WellKnownTypes.Duration? duration) =>
        duration?.ToTimeSpan() is { } value && value > TimeSpan.Zero ? value : null;

    /// <summary>Cancels or terminates the chain the schedule started, if it still runs.</summary>
    public async Task<bool> StopScheduledRunAsync(ScheduledStopRequest request, CancellationToken cancellationToken)
    {
        if (await TryResolveAsync(request.NamespaceId, request.WorkflowId, cancellationToken).ConfigureAwait(false) is not { } key)
        {
            return false;
        }
        var firstRun = request.FirstRunId.ToString();
        var identity = $"temporal-scheduler-{request.ScheduleId}";
        return request.Kind == (int)ScheduledStopKind.Terminate
            ? await IgnoreNotFoundAsync(TerminateAsync(key, firstRun, "terminated by schedule overlap policy", null, identity, cancellationToken)).ConfigureAwait(false)
            : await IgnoreNotFoundAsync(RequestCancelAsync(key, firstRun, "cancelled by schedule overlap policy", identity,
                $"schedule-stop:{request.SchedulerRunId}:{request.WorkflowId}", null, 0, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The schedule hears that a chain it started has closed.</summary>
    public async Task<bool> RecordScheduledRunClosedAsync(ScheduledRunClosedNotice notice, CancellationToken cancellationToken)
    {
        if (await TryResolveAsync(notice.NamespaceId, SchedulerNames.WorkflowIdOf(notice.ScheduleId), cancellationToken).ConfigureAwait(false) is not { } key)
        {
            return false;
        }
        var closeEvent = HistoryEvent.Parser.ParseFrom(notice.CloseEvent);
        var (result, failure) = closeEvent.AttributesCase switch
        {
            HistoryEvent.AttributesOneofCase.WorkflowExecutionCompletedEventAttributes => (closeEvent.WorkflowExecutionCompletedEventAttributes.Result, (Failure?)null),
            HistoryEvent.AttributesOneofCase.WorkflowExecutionFailedEventAttributes => (null, closeEvent.WorkflowExecutionFailedEventAttributes.Failure),
            HistoryEvent.AttributesOneofCase.WorkflowExecutionTimedOutEventAttributes => (null, RunChaining.RunTimeoutFailure()),
            _ => ((Payloads?)null, (Failure?)null),
        };
        var recorded = false;
        await IgnoreNotFoundAsync(UpdateRunAsync(key, mutation =>
        {
            if (mutation.State.IsRunning && mutation.State.Scheduler is not null)
            {
                recorded = new SchedulerMachine(mutation).RecordClosed(notice.WorkflowId, notice.FirstRunId, (WorkflowExecutionStatus)notice.Status, result, failure);
            }
            return true;
        }, cancellationToken)).ConfigureAwait(false);
        return recorded;
    }
}
