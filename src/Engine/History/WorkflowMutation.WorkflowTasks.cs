using Fencepost.Engine.Queues;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;

// Deprecated proto fields (Control, Namespace, BinaryChecksum, ...) are still sent by SDKs and must be recorded faithfully.
#pragma warning disable CS0612

namespace Fencepost.Engine.History;

internal sealed partial class WorkflowMutation
{
    /// <summary>Retries from this attempt on wait before the task is dispatched again.</summary>
    private const int FirstBackedOffWorkflowTaskAttempt = 4;

    private static readonly TimeSpan MaxWorkflowTaskBackoff = TimeSpan.FromMinutes(1);

    /// <summary>Temporal's defaults for suggesting continue-as-new (limit.historyCount/historySize.suggestContinueAsNew).</summary>
    private const long SuggestContinueAsNewEventCount = 4 * 1024;

    private const long SuggestContinueAsNewSizeBytes = 4 * 1024 * 1024;

    /// <summary>Schedules a workflow task unless one is outstanding or the run is closed.</summary>
    public void ScheduleWorkflowTaskIfNeeded()
    {
        if (State.IsRunning && State.WorkflowTask is null)
        {
            ScheduleWorkflowTask(1);
        }
    }

    public void ScheduleWorkflowTask(int attempt)
    {
        var id = AppendWorkflowTaskScheduled(attempt);
        var backoff = WorkflowTaskBackoff(attempt);
        if (backoff > TimeSpan.Zero)
        {
            AddTimer(Now + backoff, ShardTaskKind.WorkflowTaskBackoff, id, attempt, taskQueue: State.TaskQueue);
        }
        else
        {
            AddTransfer(ShardTaskKind.DispatchWorkflowTask, id, State.TaskQueue, attempt);
        }
    }

    /// <summary>
    /// Temporal's eager workflow start: a new run's first workflow task is scheduled and started at
    /// once for the worker that asked for it in the start request, in the start's own write. No
    /// dispatch goes to matching; the started task's timeout timer is written as for any started
    /// task, so a worker that never answers gets the task retried through matching.
    /// </summary>
    public void ScheduleAndStartFirstWorkflowTaskEagerly(string requestId, string identity)
    {
        AppendWorkflowTaskScheduled(1);
        StartWorkflowTask(requestId, identity);
    }

    private long AppendWorkflowTaskScheduled(int attempt)
    {
        var scheduled = NewEvent(EventType.WorkflowTaskScheduled);
        scheduled.WorkflowTaskScheduledEventAttributes = new WorkflowTaskScheduledEventAttributes
        {
            TaskQueue = new TaskQueue { Name = State.TaskQueue, Kind = TaskQueueKind.Normal },
            StartToCloseTimeout = Duration.FromTimeSpan(State.TaskTimeout),
            Attempt = attempt,
        };
        var id = Append(scheduled, bufferable: false);
        State.WorkflowTask = new WorkflowTaskInfo { ScheduledEventId = id, Attempt = attempt, ScheduledTime = Now };
        return id;
    }

    /// <summary>Backoff before a retried workflow task is dispatched: none for the first three attempts.</summary>
    public static TimeSpan WorkflowTaskBackoff(int attempt)
    {
        if (attempt < FirstBackedOffWorkflowTaskAttempt)
        {
            return TimeSpan.Zero;
        }
        var seconds = Math.Pow(2, Math.Min(attempt - FirstBackedOffWorkflowTaskAttempt, 10));
        var backoff = TimeSpan.FromSeconds(seconds);
        return backoff > MaxWorkflowTaskBackoff ? MaxWorkflowTaskBackoff : backoff;
    }

    /// <summary>
    /// Starts the scheduled task. <paramref name="maxTotalUpdates"/> (0: no limit) makes the task
    /// suggest continue-as-new once the run holds 90 % of the updates it may ever have, as Temporal's
    /// history.maxTotalUpdates.suggestContinueAsNewThreshold does.
    /// </summary>
    public long StartWorkflowTask(string requestId, string identity, int maxTotalUpdates = 0)
    {
        var task = State.WorkflowTask!;
        var started = NewEvent(EventType.WorkflowTaskStarted);
        started.WorkflowTaskStartedEventAttributes = new WorkflowTaskStartedEventAttributes
        {
            ScheduledEventId = task.ScheduledEventId,
            Identity = identity,
            RequestId = requestId,
            // The SDKs surface these as the workflow's history size and "continue-as-new suggested".
            HistorySizeBytes = State.HistorySizeBytes,
        };
        if (State.NextEventId > SuggestContinueAsNewEventCount)
        {
            started.WorkflowTaskStartedEventAttributes.SuggestContinueAsNewReasons.Add(SuggestContinueAsNewReason.TooManyHistoryEvents);
        }
        if (State.HistorySizeBytes > SuggestContinueAsNewSizeBytes)
        {
            started.WorkflowTaskStartedEventAttributes.SuggestContinueAsNewReasons.Add(SuggestContinueAsNewReason.HistorySizeTooLarge);
        }
        if (maxTotalUpdates > 0 && (State.Updates.Count + Updates.InFlightCount) * 10 >= maxTotalUpdates * 9)
        {
            started.WorkflowTaskStartedEventAttributes.SuggestContinueAsNewReasons.Add(SuggestContinueAsNewReason.TooManyUpdates);
        }
        started.WorkflowTaskStartedEventAttributes.SuggestContinueAsNew = started.WorkflowTaskStartedEventAttributes.SuggestContinueAsNewReasons.Count > 0;
        var id = Append(started, bufferable: false);
        task.StartedEventId = id;
        task.StartedTime = Now;
        task.StartRequestId = requestId;
        task.Identity = identity;
        AddTimer(Now + State.TaskTimeout, ShardTaskKind.WorkflowTaskTimeout, task.ScheduledEventId, task.Attempt, (int)TimeoutType.StartToClose);
        return id;
    }

    /// <summary>Writes WorkflowTaskCompleted and clears the task, so command events follow directly.</summary>
    public long CompleteWorkflowTask(string identity, string binaryChecksum, Temporalio.Api.Sdk.V1.WorkflowTaskCompletedMetadata? sdkMetadata,
        Temporalio.Api.Common.V1.WorkerVersionStamp? workerVersion, Temporalio.Api.Common.V1.MeteringMetadata? metering)
    {
        var task = State.WorkflowTask!;
        var completed = NewEvent(EventType.WorkflowTaskCompleted);
        completed.WorkflowTaskCompletedEventAttributes = new WorkflowTaskCompletedEventAttributes
        {
            ScheduledEventId = task.ScheduledEventId,
            StartedEventId = task.StartedEventId,
            Identity = identity,
            BinaryChecksum = binaryChecksum,
            SdkMetadata = sdkMetadata,
            WorkerVersion = workerVersion,
            MeteringMetadata = metering,
        };
        State.WorkflowTask = null;
        State.LastWorkflowTaskFailure = null;
        State.LastCompletedWorkflowTaskStartedEventId = task.StartedEventId;
        var id = Append(completed, bufferable: false);
        AddAutoResetPoint(binaryChecksum, workerVersion?.BuildId ?? "", id);
        return id;
    }

    /// <summary>
    /// Fails the started workflow task (worker report or UnhandledCommand), flushes what was
    /// buffered and schedules the next attempt.
    /// </summary>
    public void FailWorkflowTask(WorkflowTaskFailedCause cause, Failure? failure, string identity, bool incrementAttempt)
    {
        var task = State.WorkflowTask!;
        var failed = NewEvent(EventType.WorkflowTaskFailed);
        failed.WorkflowTaskFailedEventAttributes = new WorkflowTaskFailedEventAttributes
        {
            ScheduledEventId = task.ScheduledEventId,
            StartedEventId = task.StartedEventId,
            Cause = cause,
            Failure = failure,
            Identity = identity,
        };
        State.WorkflowTask = null;
        State.LastWorkflowTaskFailure = failure is null ? $"cause {cause}" : $"cause {cause}: {Diagnosis.StuckVerdict.FailureText(failure)}";
        Append(failed, bufferable: false);
        FlushBuffered();
        ScheduleWorkflowTask(incrementAttempt ? task.Attempt + 1 : 1);
    }

    public void TimeOutWorkflowTask()
    {
        var task = State.WorkflowTask!;
        var timedOut = NewEvent(EventType.WorkflowTaskTimedOut);
        timedOut.WorkflowTaskTimedOutEventAttributes = new WorkflowTaskTimedOutEventAttributes
        {
            ScheduledEventId = task.ScheduledEventId,
            StartedEventId = task.StartedEventId,
            TimeoutType = TimeoutType.StartToClose,
        };
        State.WorkflowTask = null;
        State.LastWorkflowTaskFailure = $"timed out after {State.TaskTimeout.TotalSeconds:0.#} s (start-to-close) on {task.Identity}";
        Append(timedOut, bufferable: false);
        FlushBuffered();
        ScheduleWorkflowTask(task.Attempt + 1);
    }

    /// <summary>Clears a started task when the run is closed from outside (terminate, timeout).</summary>
    public void AbandonWorkflowTask(string identity)
    {
        if (State.WorkflowTask is { StartedEventId: > 0 } task)
        {
            var failed = NewEvent(EventType.WorkflowTaskFailed);
            failed.WorkflowTaskFailedEventAttributes = new WorkflowTaskFailedEventAttributes
            {
                ScheduledEventId = task.ScheduledEventId,
                StartedEventId = task.StartedEventId,
                Cause = WorkflowTaskFailedCause.ForceCloseCommand,
                Identity = identity,
            };
            State.WorkflowTask = null;
            Append(failed, bufferable: false);
        }
        State.WorkflowTask = null;
        FlushBuffered();
    }

    public void AddSignal(string signalName, Temporalio.Api.Common.V1.Payloads? input, string identity, Temporalio.Api.Common.V1.Header? header)
    {
        var signaled = NewEvent(EventType.WorkflowExecutionSignaled);
        signaled.WorkflowExecutionSignaledEventAttributes = new WorkflowExecutionSignaledEventAttributes
        {
            SignalName = signalName,
            Input = input,
            Identity = identity,
            Header = header,
        };
        Append(signaled);
        State.SignalCount++;
        ScheduleWorkflowTaskIfNeeded();
    }

    public void AddCancelRequest(string cause, string identity, Temporalio.Api.Common.V1.WorkflowExecution? external, long externalInitiatedId)
    {
        var requested = NewEvent(EventType.WorkflowExecutionCancelRequested);
        requested.WorkflowExecutionCancelRequestedEventAttributes = new WorkflowExecutionCancelRequestedEventAttributes
        {
            Cause = cause,
            Identity = identity,
            ExternalWorkflowExecution = external,
            ExternalInitiatedEventId = externalInitiatedId,
        };
        State.CancelRequested = true;
        Append(requested);
        ScheduleWorkflowTaskIfNeeded();
    }

    internal static ByteString Bytes(IMessage? message) => message is null ? ByteString.Empty : message.ToByteString();
}
