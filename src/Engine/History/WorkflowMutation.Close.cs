using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Queues;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace Fencepost.Engine.History;

internal sealed partial class WorkflowMutation
{
    /// <summary>Completes the run; a cron workflow's next run starts in the same write with this result as its last completion result.</summary>
    public void CompleteWorkflow(Payloads? result, long workflowTaskCompletedEventId)
    {
        var start = ChainStartAttributes();
        var next = RunChaining.AfterCompletion(State, start?.CronSchedule ?? "", Now);
        var newRunId = next.StartsNextRun ? Guid.NewGuid() : (Guid?)null;
        var completed = NewEvent(EventType.WorkflowExecutionCompleted);
        completed.WorkflowExecutionCompletedEventAttributes = new WorkflowExecutionCompletedEventAttributes
        {
            Result = result,
            WorkflowTaskCompletedEventId = workflowTaskCompletedEventId,
            NewExecutionRunId = newRunId?.ToString() ?? "",
        };
        Close(completed, WorkflowExecutionStatus.Completed);
        if (newRunId is { } runId)
        {
            StartNextRun(runId, start!, next, null, result);
        }
    }

    /// <summary>Fails the run; under a retry policy that allows it, the next attempt starts in the same write.</summary>
    public void FailWorkflow(Failure? failure, long workflowTaskCompletedEventId)
    {
        var start = ChainStartAttributes();
        var next = RunChaining.AfterFailure(State, start?.RetryPolicy, failure, Now, start?.CronSchedule ?? "");
        var newRunId = next.StartsNextRun ? Guid.NewGuid() : (Guid?)null;
        var failed = NewEvent(EventType.WorkflowExecutionFailed);
        failed.WorkflowExecutionFailedEventAttributes = new WorkflowExecutionFailedEventAttributes
        {
            Failure = failure,
            RetryState = next.RetryState,
            WorkflowTaskCompletedEventId = workflowTaskCompletedEventId,
            NewExecutionRunId = newRunId?.ToString() ?? "",
        };
        Close(failed, WorkflowExecutionStatus.Failed);
        if (newRunId is { } runId)
        {
            StartNextRun(runId, start!, next, failure, start!.LastCompletionResult);
        }
    }

    public void CancelWorkflow(Payloads? details, long workflowTaskCompletedEventId)
    {
        var canceled = NewEvent(EventType.WorkflowExecutionCanceled);
        canceled.WorkflowExecutionCanceledEventAttributes = new WorkflowExecutionCanceledEventAttributes
        {
            Details = details,
            WorkflowTaskCompletedEventId = workflowTaskCompletedEventId,
        };
        Close(canceled, WorkflowExecutionStatus.Canceled);
    }

    public void TerminateWorkflow(string reason, Payloads? details, string identity)
    {
        AbandonWorkflowTask(identity);
        var terminated = NewEvent(EventType.WorkflowExecutionTerminated);
        terminated.WorkflowExecutionTerminatedEventAttributes = new WorkflowExecutionTerminatedEventAttributes
        {
            Reason = reason,
            Details = details,
            Identity = identity,
        };
        Close(terminated, WorkflowExecutionStatus.Terminated);
    }

    /// <summary>
    /// Fails the started workflow task with <paramref name="cause"/> and terminates the run, with no
    /// new workflow task in between (Temporal's answer to a completion it can never accept).
    /// </summary>
    public void FailWorkflowTaskAndTerminate(WorkflowTaskFailedCause cause, string message, string identity)
    {
        var task = State.WorkflowTask!;
        var failed = NewEvent(EventType.WorkflowTaskFailed);
        failed.WorkflowTaskFailedEventAttributes = new WorkflowTaskFailedEventAttributes
        {
            ScheduledEventId = task.ScheduledEventId,
            StartedEventId = task.StartedEventId,
            Cause = cause,
            Failure = new Failure { Message = message, ServerFailureInfo = new ServerFailureInfo { NonRetryable = true } },
            Identity = identity,
        };
        State.WorkflowTask = null;
        Append(failed, bufferable: false);
        TerminateWorkflow($"{ProtoName(cause)}: {message}", null, "history-service");
    }

    /// <summary>The cause as the API names it (WORKFLOW_TASK_FAILED_CAUSE_...), as Temporal's termination reasons do.</summary>
    private static string ProtoName(WorkflowTaskFailedCause cause) =>
        FailedCauseReflection.Descriptor.EnumTypes.Single(e => e.ClrType == typeof(WorkflowTaskFailedCause)).FindValueByNumber((int)cause)?.Name ?? cause.ToString();

    /// <summary>Times the run out; a run timeout (not the execution's) is retried under the retry policy.</summary>
    public void TimeOutWorkflow()
    {
        AbandonWorkflowTask("history-service");
        var start = ChainStartAttributes();
        var next = RunChaining.AfterTimeout(State, start?.RetryPolicy, Now, start?.CronSchedule ?? "");
        var newRunId = next.StartsNextRun ? Guid.NewGuid() : (Guid?)null;
        var timedOut = NewEvent(EventType.WorkflowExecutionTimedOut);
        timedOut.WorkflowExecutionTimedOutEventAttributes = new WorkflowExecutionTimedOutEventAttributes
        {
            RetryState = next.RetryState,
            NewExecutionRunId = newRunId?.ToString() ?? "",
        };
        Close(timedOut, WorkflowExecutionStatus.TimedOut);
        if (newRunId is { } runId)
        {
            StartNextRun(runId, start!, next, RunChaining.RunTimeoutFailure(), start!.LastCompletionResult);
        }
    }

    public void ContinueAsNew(WorkflowExecutionContinuedAsNewEventAttributes attributes)
    {
        var continued = NewEvent(EventType.WorkflowExecutionContinuedAsNew);
        continued.WorkflowExecutionContinuedAsNewEventAttributes = attributes;
        State.NewRunId = Guid.Parse(attributes.NewExecutionRunId);
        Close(continued, WorkflowExecutionStatus.ContinuedAsNew);
    }

    /// <summary>
    /// Arms the timer that deletes this closed run once the namespace's retention has passed since
    /// it closed; written in the same shard write as the close.
    /// </summary>
    public void AddRetentionTimer(TimeSpan retention)
    {
        var closedAt = State.CloseTime ?? Now;
        var deleteAt = retention >= DateTimeOffset.MaxValue - closedAt ? DateTimeOffset.MaxValue : closedAt + retention;
        AddTimer(deleteAt, ShardTaskKind.DeleteExecution);
    }

    /// <summary>Writes the close event, ends the run, and queues what closing owes the parent and children.</summary>
    private void Close(HistoryEvent closeEvent, WorkflowExecutionStatus status)
    {
        State.CloseEventId = Append(closeEvent, bufferable: false);
        State.Status = (int)status;
        State.State = WorkflowExecutionState.Completed;
        State.CloseTime = Now;
        State.WorkflowTask = null;
        State.Timers.Clear();
        State.BufferedEvents.Clear();
        ClosedRun = true;
        VisibilityChanged = true;
        if (State.ParentWorkflowId is not null || State.Children.Count > 0 || State.ScheduledBy is not null)
        {
            AddTransfer(ShardTaskKind.CloseExecution);
        }
    }
}
