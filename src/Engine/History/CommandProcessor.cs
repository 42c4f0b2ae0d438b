using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;

// Deprecated proto fields (Control, Namespace, BinaryChecksum, ...) are still sent by SDKs and must be recorded faithfully.
#pragma warning disable CS0612

namespace Fencepost.Engine.History;

/// <summary>
/// Applies a workflow task's commands, one event per command in command order, right after
/// WorkflowTaskCompleted. Invalid commands throw <see cref="CommandValidationException"/> before
/// the mutation is persisted (the caller then fails the task instead).
/// </summary>
internal static class CommandProcessor
{
    /// <summary>
    /// Temporal's pending-work limits: a command that would leave the run with more pending
    /// activities, children, outgoing signals or cancel requests than allowed fails the task with the
    /// limit's cause (the run stays open; the worker retries the task once some of them finished).
    /// </summary>
    private static void CheckPendingLimit(CommandType type, MutableState state, RunLimits limits)
    {
        var (pending, limit, cause, what) = type switch
        {
            CommandType.ScheduleActivityTask => (state.Activities.Count, limits.PendingActivities, WorkflowTaskFailedCause.PendingActivitiesLimitExceeded, "activities"),
            CommandType.StartChildWorkflowExecution => (state.Children.Count, limits.PendingChildren, WorkflowTaskFailedCause.PendingChildWorkflowsLimitExceeded, "child workflows"),
            CommandType.SignalExternalWorkflowExecution => (state.ExternalSignals.Count, limits.PendingSignals, WorkflowTaskFailedCause.PendingSignalsLimitExceeded, "signals to other workflows"),
            CommandType.RequestCancelExternalWorkflowExecution => (state.ExternalCancels.Count, limits.PendingCancelRequests, WorkflowTaskFailedCause.PendingRequestCancelLimitExceeded, "cancel requests to other workflows"),
            _ => (0, int.MaxValue, WorkflowTaskFailedCause.Unspecified, ""),
        };
        if (pending >= limit)
        {
            throw new CommandValidationException(cause, $"The workflow has {pending} pending {what}, the most one run may have (limit {limit}); the command {type} waits until some of them finish.");
        }
    }

    public static bool IsTerminal(Command command) => command.CommandType is CommandType.CompleteWorkflowExecution
        or CommandType.FailWorkflowExecution or CommandType.CancelWorkflowExecution or CommandType.ContinueAsNewWorkflowExecution;

    /// <summary>
    /// Applies <paramref name="commands"/>; <paramref name="searchAttributeProblem"/> says why search
    /// attributes cannot be stored in the run's namespace (a value that does not fit its registered
    /// type, too many values), or null.
    /// </summary>
    public static void Apply(WorkflowMutation mutation, IReadOnlyList<Command> commands, long completedEventId, string identity, RunLimits limits,
        Func<string, Guid?> resolveNamespace, Func<WorkflowMutation, ContinueAsNewWorkflowExecutionCommandAttributes, long, NewRunPlan> continueAsNew,
        Func<SearchAttributes?, string?> searchAttributeProblem, Updates.WorkflowTaskMessages? messages = null)
    {
        var state = mutation.State;
        foreach (var command in commands)
        {
            if (!state.IsRunning)
            {
                throw new CommandValidationException(WorkflowTaskFailedCause.BadBinary, "A command follows the command that closed the workflow.");
            }
            CommandPayloadLimits.Check(command);
            CheckPendingLimit(command.CommandType, state, limits);
            switch (command.CommandType)
            {
                case CommandType.ScheduleActivityTask:
                    mutation.ScheduleActivity(NormalizeActivity(command.ScheduleActivityTaskCommandAttributes, state, completedEventId));
                    break;
                case CommandType.RequestCancelActivityTask:
                    var scheduledId = command.RequestCancelActivityTaskCommandAttributes.ScheduledEventId;
                    if (!state.Activities.TryGetValue(scheduledId, out var activity))
                    {
                        throw new CommandValidationException(WorkflowTaskFailedCause.BadRequestCancelActivityAttributes,
                            $"RequestCancelActivityTask names scheduled event {scheduledId}, which is not a pending activity.");
                    }
                    mutation.RequestActivityCancel(activity, completedEventId);
                    break;
                case CommandType.StartTimer:
                    var timer = command.StartTimerCommandAttributes;
                    if (string.IsNullOrEmpty(timer.TimerId) || state.Timers.ContainsKey(timer.TimerId))
                    {
                        throw new CommandValidationException(WorkflowTaskFailedCause.BadStartTimerAttributes, $"Timer id '{timer.TimerId}' is empty or already in use.");
                    }
                    if (timer.StartToFireTimeout is null || timer.StartToFireTimeout.ToTimeSpan() <= TimeSpan.Zero)
                    {
                        throw new CommandValidationException(WorkflowTaskFailedCause.BadStartTimerAttributes, "StartTimer needs a positive StartToFireTimeout.");
                    }
                    mutation.StartTimer(timer.TimerId, timer.StartToFireTimeout.ToTimeSpan(), completedEventId);
                    break;
                case CommandType.CancelTimer:
                    var timerId = command.CancelTimerCommandAttributes.TimerId;
                    if (!state.Timers.TryGetValue(timerId, out var pendingTimer))
                    {
                        throw new CommandValidationException(WorkflowTaskFailedCause.BadCancelTimerAttributes, $"CancelTimer names timer '{timerId}', which is not pending.");
                    }
                    mutation.CancelTimer(pendingTimer, completedEventId, identity);
                    break;
                case CommandType.CompleteWorkflowExecution:
                    mutation.CompleteWorkflow(command.CompleteWorkflowExecutionCommandAttributes.Result, completedEventId);
                    break;
                case CommandType.FailWorkflowExecution:
                    mutation.FailWorkflow(command.FailWorkflowExecutionCommandAttributes.Failure, completedEventId);
                    break;
                case CommandType.CancelWorkflowExecution:
                    mutation.CancelWorkflow(command.CancelWorkflowExecutionCommandAttributes.Details, completedEventId);
                    break;
                case CommandType.ContinueAsNewWorkflowExecution:
                    RequireSearchAttributes(searchAttributeProblem, command.ContinueAsNewWorkflowExecutionCommandAttributes.SearchAttributes, WorkflowTaskFailedCause.BadContinueAsNewAttributes);
                    var plan = continueAsNew(mutation, command.ContinueAsNewWorkflowExecutionCommandAttributes, completedEventId);
                    mutation.ContinuedRun = plan;
                    break;
                case CommandType.StartChildWorkflowExecution:
                    RequireSearchAttributes(searchAttributeProblem, command.StartChildWorkflowExecutionCommandAttributes.SearchAttributes, WorkflowTaskFailedCause.BadStartChildExecutionAttributes);
                    ApplyStartChild(mutation, command.StartChildWorkflowExecutionCommandAttributes, completedEventId, resolveNamespace);
                    break;
                case CommandType.SignalExternalWorkflowExecution:
                    var signal = command.SignalExternalWorkflowExecutionCommandAttributes;
                    mutation.InitiateExternalSignal(new SignalExternalWorkflowExecutionInitiatedEventAttributes
                    {
                        WorkflowTaskCompletedEventId = completedEventId,
                        Namespace = string.IsNullOrEmpty(signal.Namespace) ? state.Namespace : signal.Namespace,
                        NamespaceId = (ResolveOrThrow(resolveNamespace, signal.Namespace, state) ?? state.NamespaceId).ToString(),
                        WorkflowExecution = signal.Execution,
                        SignalName = signal.SignalName,
                        Input = signal.Input,
                        Control = signal.Control,
                        ChildWorkflowOnly = signal.ChildWorkflowOnly,
                        Header = signal.Header,
                    });
                    break;
                case CommandType.RequestCancelExternalWorkflowExecution:
                    var cancel = command.RequestCancelExternalWorkflowExecutionCommandAttributes;
                    mutation.InitiateExternalCancel(new RequestCancelExternalWorkflowExecutionInitiatedEventAttributes
                    {
                        WorkflowTaskCompletedEventId = completedEventId,
                        Namespace = string.IsNullOrEmpty(cancel.Namespace) ? state.Namespace : cancel.Namespace,
                        NamespaceId = (ResolveOrThrow(resolveNamespace, cancel.Namespace, state) ?? state.NamespaceId).ToString(),
                        WorkflowExecution = new WorkflowExecution { WorkflowId = cancel.WorkflowId, RunId = cancel.RunId },
                        Control = cancel.Control,
                        ChildWorkflowOnly = cancel.ChildWorkflowOnly,
                        Reason = cancel.Reason,
                    });
                    break;
                case CommandType.RecordMarker:
                    var marker = command.RecordMarkerCommandAttributes;
                    var recorded = mutation.NewEvent(EventType.MarkerRecorded);
                    recorded.MarkerRecordedEventAttributes = new MarkerRecordedEventAttributes
                    {
                        MarkerName = marker.MarkerName,
                        WorkflowTaskCompletedEventId = completedEventId,
                        Header = marker.Header,
                        Failure = marker.Failure,
                    };
                    recorded.MarkerRecordedEventAttributes.Details.Add(marker.Details);
                    mutation.Append(recorded, bufferable: false);
                    break;
                case CommandType.UpsertWorkflowSearchAttributes:
                    var upsert = command.UpsertWorkflowSearchAttributesCommandAttributes;
                    RequireSearchAttributes(searchAttributeProblem, upsert.SearchAttributes, WorkflowTaskFailedCause.BadSearchAttributes);
                    var upserted = mutation.NewEvent(EventType.UpsertWorkflowSearchAttributes);
                    upserted.UpsertWorkflowSearchAttributesEventAttributes = new UpsertWorkflowSearchAttributesEventAttributes
                    {
                        WorkflowTaskCompletedEventId = completedEventId,
                        SearchAttributes = upsert.SearchAttributes,
                    };
                    mutation.Append(upserted, bufferable: false);
                    state.SearchAttributes = MergeSearchAttributes(state.SearchAttributes, upsert.SearchAttributes);
                    // The merged whole too: upserts one by one must not pass the per-run limit together.
                    RequireSearchAttributes(searchAttributeProblem, state.SearchAttributes is null ? null : SearchAttributes.Parser.ParseFrom(state.SearchAttributes), WorkflowTaskFailedCause.BadSearchAttributes);
                    mutation.VisibilityChanged = true;
                    break;
                case CommandType.ModifyWorkflowProperties:
                    var modify = command.ModifyWorkflowPropertiesCommandAttributes;
                    var modified = mutation.NewEvent(EventType.WorkflowPropertiesModified);
                    modified.WorkflowPropertiesModifiedEventAttributes = new WorkflowPropertiesModifiedEventAttributes
                    {
                        WorkflowTaskCompletedEventId = completedEventId,
                        UpsertedMemo = modify.UpsertedMemo,
                    };
                    mutation.Append(modified, bufferable: false);
                    state.Memo = MergeMemo(state.Memo, modify.UpsertedMemo);
                    mutation.VisibilityChanged = true;
                    break;
                case CommandType.ProtocolMessage:
                    if (messages is null)
                    {
                        throw new CommandValidationException(WorkflowTaskFailedCause.BadUpdateWorkflowExecutionMessage, "ProtocolMessageCommand without protocol messages.");
                    }
                    messages.OnCommand(command.ProtocolMessageCommandAttributes);
                    break;
                default:
                    throw new CommandValidationException(WorkflowTaskFailedCause.UnhandledCommand,
                        $"Command {command.CommandType} is not supported by Fencepost.");
            }
        }
    }

    /// <summary>Temporal's activity timeout rules: fill from each other and the run timeout; one of schedule-to-close or start-to-close is required.</summary>
    public static ActivityTaskScheduledEventAttributes NormalizeActivity(ScheduleActivityTaskCommandAttributes command, MutableState state, long completedEventId)
    {
        if (string.IsNullOrEmpty(command.ActivityId))
        {
            throw new CommandValidationException(WorkflowTaskFailedCause.BadScheduleActivityAttributes, "ScheduleActivityTask needs an ActivityId.");
        }
        if (command.ActivityType is null || string.IsNullOrEmpty(command.ActivityType.Name))
        {
            throw new CommandValidationException(WorkflowTaskFailedCause.BadScheduleActivityAttributes, "ScheduleActivityTask needs an ActivityType name.");
        }
        foreach (var pending in state.Activities.Values)
        {
            if (pending.ActivityId == command.ActivityId)
            {
                throw new CommandValidationException(WorkflowTaskFailedCause.BadScheduleActivityAttributes, $"Activity id '{command.ActivityId}' is already pending.");
            }
        }
        if (RetryPolicyEvaluator.Validate(command.RetryPolicy) is { } retryProblem)
        {
            throw new CommandValidationException(WorkflowTaskFailedCause.BadScheduleActivityAttributes, retryProblem);
        }
        var scheduleToClose = Positive(command.ScheduleToCloseTimeout);
        var scheduleToStart = Positive(command.ScheduleToStartTimeout);
        var startToClose = Positive(command.StartToCloseTimeout);
        var heartbeat = Positive(command.HeartbeatTimeout);
        if (Negative(command.ScheduleToCloseTimeout) || Negative(command.ScheduleToStartTimeout) || Negative(command.StartToCloseTimeout) || Negative(command.HeartbeatTimeout))
        {
            throw new CommandValidationException(WorkflowTaskFailedCause.BadScheduleActivityAttributes, "Activity timeouts cannot be negative.");
        }
        if (scheduleToClose is null && startToClose is null)
        {
            throw new CommandValidationException(WorkflowTaskFailedCause.BadScheduleActivityAttributes,
                "ScheduleActivityTask needs a ScheduleToCloseTimeout or a StartToCloseTimeout.");
        }
        var runLimit = state.RunTimeout;
        if (runLimit is { } limit && (scheduleToClose is null || scheduleToClose > limit))
        {
            scheduleToClose = limit;
        }
        if (scheduleToClose is { } toClose)
        {
            scheduleToStart = scheduleToStart is null || scheduleToStart > toClose ? toClose : scheduleToStart;
            startToClose = startToClose is null || startToClose > toClose ? toClose : startToClose;
        }
        if (heartbeat is { } beat && startToClose is { } toCloseStart && beat > toCloseStart)
        {
            heartbeat = toCloseStart;
        }
        return new ActivityTaskScheduledEventAttributes
        {
            ActivityId = command.ActivityId,
            ActivityType = command.ActivityType,
            TaskQueue = command.TaskQueue is { Name.Length: > 0 } queue ? new TaskQueue { Name = queue.Name, Kind = TaskQueueKind.Normal } : new TaskQueue { Name = state.TaskQueue, Kind = TaskQueueKind.Normal },
            Header = command.Header,
            Input = command.Input,
            // Temporal fills all four, a zero duration meaning "no limit": the TypeScript worker
            // rejects an activity task whose schedule-to-close timeout is null.
            ScheduleToCloseTimeout = ZeroWhenUnset(scheduleToClose),
            ScheduleToStartTimeout = ZeroWhenUnset(scheduleToStart),
            StartToCloseTimeout = ZeroWhenUnset(startToClose),
            HeartbeatTimeout = ZeroWhenUnset(heartbeat),
            WorkflowTaskCompletedEventId = completedEventId,
            RetryPolicy = RetryPolicyEvaluator.WithDefaults(command.RetryPolicy),
            UseWorkflowBuildId = command.UseWorkflowBuildId,
            Priority = command.Priority,
        };
    }

    /// <summary>A search attribute value that does not fit fails the workflow task, which is retried (as in Temporal).</summary>
    private static void RequireSearchAttributes(Func<SearchAttributes?, string?> problem, SearchAttributes? attributes, WorkflowTaskFailedCause cause)
    {
        if (problem(attributes) is { } message)
        {
            throw new CommandValidationException(cause, message);
        }
    }

    public static byte[]? MergeSearchAttributes(byte[]? existing, SearchAttributes? update)
    {
        if (update is null)
        {
            return existing;
        }
        var merged = existing is null ? new SearchAttributes() : SearchAttributes.Parser.ParseFrom(existing);
        foreach (var (key, value) in update.IndexedFields)
        {
            if (value.Data.IsEmpty && !value.Metadata.ContainsKey("type"))
            {
                merged.IndexedFields.Remove(key);
            }
            else
            {
                merged.IndexedFields[key] = value;
            }
        }
        return Google.Protobuf.MessageExtensions.ToByteArray(merged);
    }

    public static byte[]? MergeMemo(byte[]? existing, Memo? update)
    {
        if (update is null)
        {
            return existing;
        }
        var merged = existing is null ? new Memo() : Memo.Parser.ParseFrom(existing);
        foreach (var (key, value) in update.Fields)
        {
            if (value.Data.IsEmpty)
            {
                merged.Fields.Remove(key);
            }
            else
            {
                merged.Fields[key] = value;
            }
        }
        return Google.Protobuf.MessageExtensions.ToByteArray(merged);
    }

    private static void ApplyStartChild(WorkflowMutation mutation, StartChildWorkflowExecutionCommandAttributes child, long completedEventId, Func<string, Guid?> resolveNamespace)
    {
        var state = mutation.State;
        if (string.IsNullOrEmpty(child.WorkflowId) || child.WorkflowType is null || string.IsNullOrEmpty(child.WorkflowType.Name))
        {
            throw new CommandValidationException(WorkflowTaskFailedCause.BadStartChildExecutionAttributes, "StartChildWorkflowExecution needs a WorkflowId and a WorkflowType name.");
        }
        if (RetryPolicyEvaluator.Validate(child.RetryPolicy) is { } retryProblem)
        {
            throw new CommandValidationException(WorkflowTaskFailedCause.BadStartChildExecutionAttributes, retryProblem);
        }
        if (child.CronSchedule.Length > 0 && Cron.CronSchedule.Validate(child.CronSchedule) is { } cronProblem)
        {
            throw new CommandValidationException(WorkflowTaskFailedCause.BadStartChildExecutionAttributes, cronProblem);
        }
        var namespaceId = ResolveOrThrow(resolveNamespace, child.Namespace, state) ?? state.NamespaceId;
        // Temporal records the run and task timeouts the child will get (its SDK reads them back).
        var runTimeout = ChildRunTimeout(Positive(child.WorkflowRunTimeout), Positive(child.WorkflowExecutionTimeout));
        var taskTimeout = Positive(child.WorkflowTaskTimeout) ?? NewRunBuilder.DefaultWorkflowTaskTimeout;
        if (runTimeout > TimeSpan.Zero && taskTimeout > runTimeout)
        {
            taskTimeout = runTimeout;
        }
        if (taskTimeout > NewRunBuilder.MaxWorkflowTaskTimeout)
        {
            taskTimeout = NewRunBuilder.MaxWorkflowTaskTimeout;
        }
        mutation.InitiateChild(new StartChildWorkflowExecutionInitiatedEventAttributes
        {
            Namespace = string.IsNullOrEmpty(child.Namespace) ? state.Namespace : child.Namespace,
            NamespaceId = namespaceId.ToString(),
            WorkflowId = child.WorkflowId,
            WorkflowType = child.WorkflowType,
            TaskQueue = child.TaskQueue is { Name.Length: > 0 } queue ? new TaskQueue { Name = queue.Name, Kind = TaskQueueKind.Normal } : new TaskQueue { Name = state.TaskQueue, Kind = TaskQueueKind.Normal },
            Input = child.Input,
            WorkflowExecutionTimeout = child.WorkflowExecutionTimeout,
            WorkflowRunTimeout = Duration.FromTimeSpan(runTimeout),
            WorkflowTaskTimeout = Duration.FromTimeSpan(taskTimeout),
            ParentClosePolicy = child.ParentClosePolicy == ParentClosePolicy.Unspecified ? ParentClosePolicy.Terminate : child.ParentClosePolicy,
            Control = child.Control,
            WorkflowTaskCompletedEventId = completedEventId,
            WorkflowIdReusePolicy = child.WorkflowIdReusePolicy,
            RetryPolicy = child.RetryPolicy is null ? null : RetryPolicyEvaluator.WithDefaults(child.RetryPolicy),
            CronSchedule = child.CronSchedule,
            Header = child.Header,
            Memo = child.Memo,
            SearchAttributes = child.SearchAttributes,
            InheritBuildId = child.InheritBuildId,
            Priority = child.Priority,
        }, namespaceId);
    }

    private static Guid? ResolveOrThrow(Func<string, Guid?> resolveNamespace, string name, MutableState state)
    {
        if (string.IsNullOrEmpty(name) || name == state.Namespace)
        {
            return null;
        }
        return resolveNamespace(name) ?? throw new CommandValidationException(WorkflowTaskFailedCause.BadStartChildExecutionAttributes, $"Namespace {name} is not found.");
    }

    /// <summary>A child's run timeout: the shorter of its run and execution timeouts, zero (none) when neither is set.</summary>
    private static TimeSpan ChildRunTimeout(TimeSpan? run, TimeSpan? execution) => (run, execution) switch
    {
        ({ } r, { } e) => r < e ? r : e,
        ({ } r, null) => r,
        (null, { } e) => e,
        _ => TimeSpan.Zero,
    };

    private static TimeSpan? Positive(Duration? duration) => duration is not null && duration.ToTimeSpan() > TimeSpan.Zero ? duration.ToTimeSpan() : null;

    private static bool Negative(Duration? duration) => duration is not null && duration.ToTimeSpan() < TimeSpan.Zero;

    private static Duration ZeroWhenUnset(TimeSpan? value) => Duration.FromTimeSpan(value ?? TimeSpan.Zero);
}
