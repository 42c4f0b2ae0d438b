using Fencepost.Engine.History.Updates;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Protocol.V1;
using Temporalio.Api.Update.V1;

namespace Fencepost.Engine.History;

/// <summary>
/// Workflow Update: admission (in memory), delivery as protocol messages on a workflow task, and
/// the worker's answers. Accepted and completed updates become history events and entries of
/// <see cref="MutableState.Updates"/>; admitted and rejected ones never touch the store. Changes to
/// the in-memory registry are made by effects that run only once this mutation has committed.
/// </summary>
internal sealed partial class WorkflowMutation
{
    /// <summary>The first workflow task attempt at which new updates are refused (Temporal's failUpdateWorkflowTaskAttemptCount).</summary>
    public const int FailingWorkflowTaskAttempt = 3;

    private List<Action>? _afterCommit;

    /// <summary>The run's in-memory updates: its cache entry's, so they outlive this mutation.</summary>
    public RunUpdates Updates { get; init; } = new();

    /// <summary>Runs <paramref name="effect"/> once this mutation has committed (at once when it writes nothing); never if it fails.</summary>
    public void AfterCommit(Action effect) => (_afterCommit ??= []).Add(effect);

    /// <summary>Applies the effects of a committed mutation; a closed run's admitted updates end last, after the answers of this task.</summary>
    public void RunAfterCommit()
    {
        foreach (var effect in _afterCommit ?? [])
        {
            effect();
        }
        _afterCommit = null;
        if (ClosedRun)
        {
            Updates.AbortAll(ContinuedRun is null ? UpdateErrors.AbortedByClosingWorkflow() : UpdateErrors.AbortedByContinuingWorkflow());
        }
    }

    /// <summary>Accepted updates not yet completed plus admitted ones.</summary>
    public int InFlightUpdateCount => Updates.InFlightCount + State.Updates.Values.Count(u => !u.Completed);

    /// <summary>
    /// Admits an update request, or finds the update with its id (deduplication): the answer says
    /// what the run knows of it. A new update gets a workflow task when none is pending; one
    /// admitted while a task runs goes with the next task.
    /// </summary>
    public UpdateLook AdmitUpdate(Request request, UpdateLimits limits)
    {
        var updateId = request.Meta.UpdateId;
        if (State.Updates.TryGetValue(updateId, out var known))
        {
            return known.Completed || !State.IsRunning ? new UpdateLook(UpdateLookKind.Completed) : UpdateLook.Accepted;
        }
        if (Updates.FindRejection(updateId) is { } rejection)
        {
            return UpdateLook.Rejected(rejection);
        }
        if (!State.IsRunning)
        {
            throw UpdateErrors.WorkflowCompleted();
        }
        if (Updates.Find(updateId) is { } admitted)
        {
            return UpdateLook.Admitted(admitted);
        }
        if (State.WorkflowTask is { Attempt: >= FailingWorkflowTaskAttempt })
        {
            throw UpdateErrors.WorkflowTaskFailing();
        }
        if (State.CloseAttempted && State.WorkflowTaskStarted)
        {
            throw UpdateErrors.WorkflowClosing();
        }
        if (limits.MaxInFlight > 0 && InFlightUpdateCount >= limits.MaxInFlight)
        {
            throw UpdateErrors.TooManyInFlight(limits.MaxInFlight);
        }
        if (limits.MaxTotal > 0 && State.Updates.Count + Updates.InFlightCount >= limits.MaxTotal)
        {
            throw UpdateErrors.TooManyTotal(limits.MaxTotal);
        }
        var update = Updates.Create(request);
        AfterCommit(() => Updates.Add(update));
        ScheduleWorkflowTaskIfNeeded();
        return UpdateLook.Admitted(update);
    }

    /// <summary>
    /// The update requests the started workflow task carries: every update admitted and not yet
    /// answered, in admission order (those sent on an earlier attempt again), sequenced after the
    /// last event before WorkflowTaskStarted, as Temporal does.
    /// </summary>
    public List<Message> UpdateMessagesForStartedTask()
    {
        var startedEventId = State.WorkflowTask!.StartedEventId;
        var messages = new List<Message>();
        var sent = new List<InFlightUpdate>();
        foreach (var update in Updates.InAdmissionOrder())
        {
            if (State.Updates.ContainsKey(update.Id))
            {
                // Accepted already (a write this node did not see through its registry): nothing to ask.
                continue;
            }
            messages.Add(new Message
            {
                Id = RequestMessageId(update.Id),
                ProtocolInstanceId = update.Id,
                EventId = startedEventId - 1,
                Body = Any.Pack(update.Request),
            });
            sent.Add(update);
        }
        if (sent.Count > 0)
        {
            AfterCommit(() => sent.ForEach(u => u.Sent = true));
        }
        return messages;
    }

    /// <summary>The worker accepted the update: WorkflowExecutionUpdateAccepted, with the request, in command order.</summary>
    public void AcceptUpdate(string updateId, Acceptance acceptance)
    {
        if (State.Updates.ContainsKey(updateId))
        {
            throw BadMessage($"Update {updateId} was accepted already.");
        }
        // An update this node no longer holds (the shard moved, the engine restarted) is taken from the acceptance itself.
        var request = Updates.Find(updateId)?.Request ?? acceptance.AcceptedRequest
            ?? throw BadMessage($"Update {updateId} wasn't found on the server and the acceptance does not carry its request; the workflow task is retried.");
        var accepted = NewEvent(EventType.WorkflowExecutionUpdateAccepted);
        accepted.WorkflowExecutionUpdateAcceptedEventAttributes = new WorkflowExecutionUpdateAcceptedEventAttributes
        {
            ProtocolInstanceId = updateId,
            AcceptedRequestMessageId = acceptance.AcceptedRequestMessageId.Length > 0 ? acceptance.AcceptedRequestMessageId : RequestMessageId(updateId),
            AcceptedRequestSequencingEventId = acceptance.AcceptedRequestSequencingEventId,
            AcceptedRequest = request,
        };
        State.Updates[updateId] = new UpdateInfo { AcceptedEventId = Append(accepted, bufferable: false) };
        AfterCommit(() => Updates.Resolve(updateId, UpdateResolution.Accepted));
    }

    /// <summary>The accepted update finished: WorkflowExecutionUpdateCompleted with its outcome, success or failure.</summary>
    public void CompleteUpdate(string updateId, Response response)
    {
        if (!State.Updates.TryGetValue(updateId, out var info))
        {
            throw BadMessage($"Update {updateId} has a response but was not accepted; an update is accepted before it completes.");
        }
        if (info.Completed)
        {
            throw BadMessage($"Update {updateId} was completed already.");
        }
        if (response.Outcome is null || response.Outcome.ValueCase == Outcome.ValueOneofCase.None)
        {
            throw BadMessage($"The response to update {updateId} has no outcome.");
        }
        if (response.Meta is { UpdateId.Length: > 0 } meta && meta.UpdateId != updateId)
        {
            throw BadMessage($"The response to update {updateId} names update {meta.UpdateId} in its meta.");
        }
        var completed = NewEvent(EventType.WorkflowExecutionUpdateCompleted);
        completed.WorkflowExecutionUpdateCompletedEventAttributes = new WorkflowExecutionUpdateCompletedEventAttributes
        {
            Meta = response.Meta ?? new Meta { UpdateId = updateId },
            AcceptedEventId = info.AcceptedEventId,
            Outcome = response.Outcome,
        };
        info.CompletedEventId = Append(completed, bufferable: false);
    }

    /// <summary>The workflow's validator rejected the update: nothing is written; its callers get the failure.</summary>
    public void RejectUpdate(string updateId, Rejection rejection)
    {
        if (State.Updates.ContainsKey(updateId))
        {
            throw BadMessage($"Update {updateId} was accepted already and cannot be rejected.");
        }
        var failure = rejection.Failure ?? throw BadMessage($"The rejection of update {updateId} has no failure.");
        AfterCommit(() => Updates.Resolve(updateId, UpdateResolution.Rejected(failure)));
    }

    /// <summary>
    /// Rejects, on the worker's behalf, every update sent on this task that its completion did not
    /// answer (an SDK that does not know updates), so it is not sent again and again.
    /// </summary>
    public void RejectUnansweredUpdates(IReadOnlySet<string> answered)
    {
        foreach (var update in Updates.InAdmissionOrder())
        {
            if (update.Sent && !answered.Contains(update.Id))
            {
                AfterCommit(() => Updates.Resolve(update.Id, UpdateResolution.Rejected(UpdateFailures.Unprocessed())));
            }
        }
    }

    /// <summary>The outcome of an update the run has durably: completed, or failed because the run closed first; null while it runs.</summary>
    public static Outcome? DurableOutcome(MutableState state, UpdateInfo info, IReadOnlyList<HistoryEvent> events)
    {
        if (info.Completed)
        {
            return events[(int)info.CompletedEventId - 1].WorkflowExecutionUpdateCompletedEventAttributes.Outcome;
        }
        return state.IsRunning ? null : new Outcome { Failure = UpdateFailures.AcceptedUpdateCompletedWorkflow() };
    }

    private static string RequestMessageId(string updateId) => $"{updateId}/request";

    private static CommandValidationException BadMessage(string message) =>
        new(WorkflowTaskFailedCause.BadUpdateWorkflowExecutionMessage, message);
}
