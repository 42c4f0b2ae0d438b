using Fencepost.Engine.Errors;
using Fencepost.Engine.History.Updates;
using Fencepost.Engine.Matching;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Limits;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

// Deprecated proto fields (Control, Namespace, BinaryChecksum, ...) are still sent by SDKs and must be recorded faithfully.
#pragma warning disable CS0612

namespace Fencepost.Engine.History;

internal sealed partial class HistoryEngine
{
    /// <summary>
    /// Starts the workflow task a poller matched and returns the poll response with the full
    /// history; null when the task is stale (already started, timed out, run closed).
    /// </summary>
    public async Task<PollWorkflowTaskQueueResponse?> RecordWorkflowTaskStartedAsync(MatchingTaskData task, string pollRequestId, string identity, CancellationToken cancellationToken)
    {
        var key = new WorkflowKey(task.NamespaceId, task.WorkflowId, task.RunId);
        try
        {
            return await UpdateRunAsync(key, mutation =>
            {
                var state = mutation.State;
                if (!state.IsRunning || state.WorkflowTask is not { } wft || wft.ScheduledEventId != task.ScheduledEventId)
                {
                    return null;
                }
                if (wft.StartedEventId > 0)
                {
                    // Started already: by this same poll (a retried call gets the task again), or by another.
                    return wft.StartRequestId == pollRequestId ? mutation.UpdateMessagesForStartedTask() : null;
                }
                mutation.StartWorkflowTask(pollRequestId, identity, config.Get(HistoryConfigKeys.MaxTotalUpdates, state.Namespace));
                return mutation.UpdateMessagesForStartedTask();
            }, (state, events, messages) => messages is null ? null : BuildWorkflowTaskResponse(state, events, messages), cancellationToken).ConfigureAwait(false);
        }
        catch (ServiceErrorException ex) when (ex.Code == Grpc.Core.StatusCode.NotFound)
        {
            return null;
        }
    }

    private PollWorkflowTaskQueueResponse BuildWorkflowTaskResponse(MutableState state, List<HistoryEvent> events, IReadOnlyList<Temporalio.Api.Protocol.V1.Message>? messages = null)
    {
        var wft = state.WorkflowTask!;
        var token = new TaskToken(TaskTokenKind.WorkflowTask, state.NamespaceId, state.WorkflowId, state.RunId, wft.ScheduledEventId, wft.StartedEventId, wft.Attempt);
        var response = new PollWorkflowTaskQueueResponse
        {
            TaskToken = tokens.Encode(token),
            WorkflowExecution = new WorkflowExecution { WorkflowId = state.WorkflowId, RunId = state.RunId.ToString() },
            WorkflowType = new WorkflowType { Name = state.WorkflowType },
            PreviousStartedEventId = state.LastCompletedWorkflowTaskStartedEventId,
            StartedEventId = wft.StartedEventId,
            Attempt = wft.Attempt,
            History = new Temporalio.Api.History.V1.History(),
            WorkflowExecutionTaskQueue = new TaskQueue { Name = state.TaskQueue, Kind = TaskQueueKind.Normal },
            ScheduledTime = Timestamp.FromDateTimeOffset(wft.ScheduledTime),
            StartedTime = Timestamp.FromDateTimeOffset(wft.StartedTime ?? wft.ScheduledTime),
        };
        response.History.Events.AddRange(events);
        if (messages is not null)
        {
            response.Messages.AddRange(messages);
        }
        return response;
    }

    /// <summary>
    /// Applies the worker's commands. Returns the activities it asked to run eagerly, already
    /// started for it; they are only returned once the completion is committed.
    /// </summary>
    public async Task<IReadOnlyList<PollActivityTaskQueueResponse>> RespondWorkflowTaskCompletedAsync(TaskToken token, RespondWorkflowTaskCompletedRequest request, CancellationToken cancellationToken)
    {
        var eagerAllowed = config.Get(HistoryConfigKeys.EnableActivityEagerExecution, request.Namespace);
        var ns = await namespaces.FindByIdAsync(token.NamespaceId, cancellationToken).ConfigureAwait(false);
        var limits = RunLimits.For(config, request.Namespace);
        List<PollActivityTaskQueueResponse>? eager;
        var eagerStarts = new List<(long ScheduledEventId, string RequestId)>();
        try
        {
            eager = await UpdateRunAsync(token.Key, mutation =>
            {
                RequireStartedWorkflowTask(mutation.State, token);
                var terminal = false;
                foreach (var command in request.Commands)
                {
                    terminal |= CommandProcessor.IsTerminal(command);
                }
                if (terminal && (mutation.State.BufferedEvents.Count > 0 || mutation.Updates.HasUnsent))
                {
                    // New events or updates arrived while the worker decided to close: make it see them first.
                    mutation.FailWorkflowTask(WorkflowTaskFailedCause.UnhandledCommand, null, request.Identity, incrementAttempt: false);
                    mutation.State.CloseAttempted = true;
                    return null;
                }
                var completedId = mutation.CompleteWorkflowTask(request.Identity, request.BinaryChecksum, request.SdkMetadata, request.WorkerVersionStamp, request.MeteringMetadata);
                mutation.State.CloseAttempted = false;
                var messages = new WorkflowTaskMessages(mutation, request.Messages);
                CommandProcessor.Apply(mutation, request.Commands, completedId, request.Identity, limits, namespaces.TryGetCachedId, ContinueAsNewPlan,
                    attributes => ns is null ? null : Search.SearchAttributeValues.Problem(attributes, ns), messages);
                messages.ApplyRemaining();
                if (mutation.State.IsRunning)
                {
                    if (!request.ForceCreateNewWorkflowTask)
                    {
                        // A heartbeat completion (a long local activity) need not answer what it was sent.
                        mutation.RejectUnansweredUpdates(messages.Answered);
                    }
                    var flushed = mutation.FlushBuffered();
                    if (flushed || request.ForceCreateNewWorkflowTask || mutation.Updates.HasUnsent)
                    {
                        mutation.ScheduleWorkflowTaskIfNeeded();
                    }
                }
                eagerStarts.Clear();
                return eagerAllowed ? StartEagerActivities(mutation, request, completedId, eagerStarts) : [];
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (PersistenceException unknown) when (unknown.ErrorClass == PersistenceErrorClass.OutcomeUnknown && eagerStarts.Count > 0)
        {
            // The completion may have committed with activities started for this worker, which will
            // never hear of them: hand them back to matching (once the shard has reloaded) rather
            // than leave them to their start-to-close timeout. The worker hears UNAVAILABLE.
            await ReturnEagerActivitiesAsync(token.Key, eagerStarts, cancellationToken).ConfigureAwait(false);
            throw;
        }
        catch (CommandValidationException invalid)
        {
            await UpdateRunAsync(token.Key, mutation =>
            {
                RequireStartedWorkflowTask(mutation.State, token);
                if (invalid.TerminatesWorkflow)
                {
                    mutation.FailWorkflowTaskAndTerminate(invalid.Cause, invalid.Message, request.Identity);
                }
                else
                {
                    mutation.FailWorkflowTask(invalid.Cause, new Failure { Message = invalid.Message }, request.Identity, incrementAttempt: true);
                }
                return true;
            }, cancellationToken).ConfigureAwait(false);
            throw ServiceErrorException.InvalidArgument(invalid.Message);
        }
        catch (PersistenceException tooLarge) when (tooLarge.ErrorClass == PersistenceErrorClass.LimitExceeded)
        {
            // The completion cannot be stored (an event or the run's state over the store's limits,
            // e.g. several payloads that fit one by one but not together). Replaying would produce
            // it again, so the run would stay open forever: fail the task and terminate instead.
            var message = StoreLimitMessages.For(tooLarge);
            await UpdateRunAsync(token.Key, mutation =>
            {
                RequireStartedWorkflowTask(mutation.State, token);
                mutation.FailWorkflowTaskAndTerminate(WorkflowTaskFailedCause.Unspecified, message, request.Identity);
                return true;
            }, cancellationToken).ConfigureAwait(false);
            throw ServiceErrorException.InvalidArgument(message);
        }
        if (eager is null)
        {
            throw ServiceErrorException.InvalidArgument("UnhandledCommand");
        }
        instruments.RecordEagerActivities(eager.Count);
        return eager;
    }

    /// <summary>
    /// Temporal's eager activity execution: an activity the worker asked for (it reserved a slot
    /// for it) on the workflow's own task queue starts now, in this completion's write, and goes
    /// back in the response instead of through a transfer task, matching and a poll.
    /// </summary>
    private List<PollActivityTaskQueueResponse> StartEagerActivities(WorkflowMutation mutation, RespondWorkflowTaskCompletedRequest request, long completedEventId,
        List<(long ScheduledEventId, string RequestId)> started)
    {
        var eager = new List<PollActivityTaskQueueResponse>();
        var state = mutation.State;
        if (!state.IsRunning)
        {
            return eager;
        }
        foreach (var command in request.Commands)
        {
            if (command.CommandType != CommandType.ScheduleActivityTask || !command.ScheduleActivityTaskCommandAttributes.RequestEagerExecution)
            {
                continue;
            }
            var attributes = command.ScheduleActivityTaskCommandAttributes;
            var queue = attributes.TaskQueue is { Name.Length: > 0 } named ? named.Name : state.TaskQueue;
            if (queue != state.TaskQueue)
            {
                continue;
            }
            // Activity ids are unique among pending activities; one scheduled by this completion has a later event id.
            var info = state.Activities.Values.FirstOrDefault(a => a.ActivityId == attributes.ActivityId && a.ScheduledEventId > completedEventId);
            if (info is null || info.Started)
            {
                continue;
            }
            var requestId = Guid.NewGuid().ToString();
            mutation.StartActivityEagerly(info, requestId, request.Identity);
            started.Add((info.ScheduledEventId, requestId));
            eager.Add(BuildActivityResponse(state, info));
        }
        return eager;
    }

    /// <summary>How often handing lost eager activities back is tried while the shard reloads (about 3 s in all).</summary>
    private const int ReturnEagerAttempts = 8;

    private async Task ReturnEagerActivitiesAsync(WorkflowKey key, List<(long ScheduledEventId, string RequestId)> starts, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= ReturnEagerAttempts; attempt++)
        {
            try
            {
                await UpdateRunAsync(key, mutation =>
                {
                    foreach (var (scheduledEventId, requestId) in starts)
                    {
                        // Only a start of this completion that nobody has heard of since.
                        if (mutation.State.IsRunning && mutation.State.Activities.TryGetValue(scheduledEventId, out var info) && info.Started && info.StartRequestId == requestId)
                        {
                            mutation.ReturnEagerActivity(info);
                        }
                    }
                    return true;
                }, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is PersistenceException { IsRetryable: true } or PersistenceException { ErrorClass: PersistenceErrorClass.Unavailable or PersistenceErrorClass.ConnectionCapacity }
                or ServiceErrorException { Code: Grpc.Core.StatusCode.Unavailable })
            {
                // The shard is reloading or the store is away: the start-to-close timeout still recovers them if this never gets through.
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task RespondWorkflowTaskFailedAsync(TaskToken token, RespondWorkflowTaskFailedRequest request, CancellationToken cancellationToken) =>
        UpdateRunAsync(token.Key, mutation =>
        {
            RequireStartedWorkflowTask(mutation.State, token);
            mutation.FailWorkflowTask(request.Cause, request.Failure, request.Identity, incrementAttempt: true);
            return true;
        }, cancellationToken);

    private static void RequireStartedWorkflowTask(MutableState state, TaskToken token)
    {
        if (!state.IsRunning)
        {
            throw ServiceErrorException.NotFound("Workflow execution already completed.");
        }
        if (state.WorkflowTask is not { } wft || wft.ScheduledEventId != token.EventId || wft.StartedEventId != token.StartedEventId || wft.StartedEventId == 0)
        {
            throw ServiceErrorException.NotFound("Workflow task not found: it timed out, failed or was completed already.");
        }
    }

    private NewRunPlan ContinueAsNewPlan(WorkflowMutation mutation, ContinueAsNewWorkflowExecutionCommandAttributes command, long completedEventId)
    {
        var state = mutation.State;
        if (RetryPolicyEvaluator.Validate(command.RetryPolicy) is { } problem)
        {
            throw new CommandValidationException(WorkflowTaskFailedCause.BadContinueAsNewAttributes, problem);
        }
        if (command.CronSchedule.Length > 0 && Cron.CronSchedule.Validate(command.CronSchedule) is { } cronProblem)
        {
            throw new CommandValidationException(WorkflowTaskFailedCause.BadContinueAsNewAttributes, cronProblem);
        }
        var spec = new NewRunSpec
        {
            NamespaceId = state.NamespaceId,
            Namespace = state.Namespace,
            WorkflowId = state.WorkflowId,
            WorkflowType = command.WorkflowType is { Name.Length: > 0 } type ? type.Name : state.WorkflowType,
            TaskQueue = command.TaskQueue is { Name.Length: > 0 } queue ? queue.Name : state.TaskQueue,
            Input = command.Input,
            RunTimeout = command.WorkflowRunTimeout is { } run && run.ToTimeSpan() > TimeSpan.Zero ? run.ToTimeSpan() : state.RunTimeout,
            TaskTimeout = command.WorkflowTaskTimeout is { } task && task.ToTimeSpan() > TimeSpan.Zero ? task.ToTimeSpan() : state.TaskTimeout,
            ExecutionTimeout = state.ExecutionTimeout,
            ExecutionExpiration = state.ExecutionExpiration,
            Header = command.Header,
            Memo = command.Memo ?? (state.Memo is null ? null : Memo.Parser.ParseFrom(state.Memo)),
            SearchAttributes = command.SearchAttributes ?? (state.SearchAttributes is null ? null : SearchAttributes.Parser.ParseFrom(state.SearchAttributes)),
            RetryPolicy = command.RetryPolicy,
            CronSchedule = command.CronSchedule,
            RequestId = Guid.NewGuid().ToString(),
            FirstRunId = state.FirstRunId,
            ContinuedRunId = state.RunId,
            Initiator = command.Initiator == ContinueAsNewInitiator.Unspecified ? ContinueAsNewInitiator.Workflow : command.Initiator,
            ContinuedFailure = command.Failure,
            LastCompletionResult = command.LastCompletionResult,
            StartDelay = command.BackoffStartInterval is { } backoff ? backoff.ToTimeSpan() : TimeSpan.Zero,
            ParentNamespaceId = state.ParentNamespaceId,
            ParentNamespace = state.ParentNamespace,
            ParentWorkflowId = state.ParentWorkflowId,
            ParentRunId = state.ParentRunId,
            ParentInitiatedEventId = state.ParentInitiatedEventId,
            RootExecution = WorkflowMutation.InheritedRoot(state),
            ScheduledBy = state.ScheduledBy,
        };
        var created = NewRunBuilder.Build(spec, mutation.Now);
        // As in Temporal, the chain's reset points carry over to the next run.
        created.State.AutoResetPoints = state.AutoResetPoints;
        mutation.ContinueAsNew(new WorkflowExecutionContinuedAsNewEventAttributes
        {
            NewExecutionRunId = spec.RunId.ToString(),
            WorkflowType = new WorkflowType { Name = spec.WorkflowType },
            TaskQueue = new TaskQueue { Name = spec.TaskQueue, Kind = TaskQueueKind.Normal },
            Input = command.Input,
            WorkflowRunTimeout = spec.RunTimeout is { } r ? Duration.FromTimeSpan(r) : null,
            WorkflowTaskTimeout = Duration.FromTimeSpan(created.State.TaskTimeout),
            WorkflowTaskCompletedEventId = completedEventId,
            BackoffStartInterval = command.BackoffStartInterval,
            Initiator = spec.Initiator,
            Failure = command.Failure,
            LastCompletionResult = command.LastCompletionResult,
            Header = command.Header,
            Memo = command.Memo,
            SearchAttributes = command.SearchAttributes,
        });
        return new NewRunPlan(created.State, created.Events, created.Tasks);
    }
}
