using Fencepost.Engine.Errors;
using Fencepost.Engine.Persistence.Errors;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Fencepost.Engine.History;

internal sealed partial class HistoryEngine
{
    private const int MaxResetAttempts = 5;

    /// <summary>
    /// Temporal's ResetWorkflowExecution: a new run whose history is <paramref name="baseKey"/>'s up
    /// to the workflow task that the request's finish event finished, that task failed with
    /// RESET_WORKFLOW, and a new workflow task. The workflow's current run (the base run itself, or
    /// a later run of its chain) is terminated if still running, and the current pointer moves to the
    /// new run, in one fenced shard write. A repeated request id answers the run it created.
    /// </summary>
    public async Task<Guid> ResetAsync(WorkflowKey baseKey, ResetRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxResetAttempts; attempt++)
        {
            var current = await ResolveRunAsync(baseKey.NamespaceId, baseKey.WorkflowId, null, cancellationToken).ConfigureAwait(false);
            // A closed base run's history no longer changes: read it before taking the current run's lock.
            var closedBase = current.RunId == baseKey.RunId ? null
                : await ReadRunAsync(baseKey, (state, events) => new ResetBase(state, [.. events!]), withEvents: true, cancellationToken).ConfigureAwait(false);
            try
            {
                return await ResetOnCurrentAsync(current, closedBase, baseKey, request, cancellationToken).ConfigureAwait(false);
            }
            catch (ConditionFailedException)
            {
                // The current run moved on between our read and our write: look again.
            }
        }
        throw ServiceErrorException.Unavailable($"Workflow {baseKey.WorkflowId} kept changing while it was being reset; retry.");
    }

    private async Task<Guid> ResetOnCurrentAsync(WorkflowKey currentKey, ResetBase? closedBase, WorkflowKey baseKey, ResetRequest request, CancellationToken cancellationToken)
    {
        var shard = await ShardForAsync(currentKey.NamespaceId, currentKey.WorkflowId, cancellationToken).ConfigureAwait(false);
        using var lease = await shard.Cache.AcquireAsync(currentKey, cancellationToken).ConfigureAwait(false);
        var entry = lease.Entry;
        try
        {
            var state = await LoadStateAsync(shard, entry, cancellationToken).ConfigureAwait(false);
            if (request.RequestId.Length > 0 && state.CreateRequestId == request.RequestId && state.RunId != baseKey.RunId)
            {
                // A retried reset: the run it created is still the current one.
                return state.RunId;
            }
            var baseRun = closedBase ?? new ResetBase(state, await LoadEventsAsync(shard, entry, state, cancellationToken).ConfigureAwait(false));
            var prefix = ResetPoint(baseRun, request.FinishEventId);
            var mutation = new WorkflowMutation(state, timeProvider.GetUtcNow()) { Updates = entry.Updates };
            List<HistoryEvent> signals = [.. request.ReapplySignals ? SignalsAfter(baseRun, request.FinishEventId) : [], .. request.PostResetSignals];
            if (state.IsRunning)
            {
                mutation.TerminateWorkflow(request.Reason, null, request.Identity.Length > 0 ? request.Identity : WorkflowMutation.ResetterIdentity);
            }
            else
            {
                // The closed current run is written again unchanged: its version is the write's condition.
                mutation.StateChanged = true;
            }
            var newRunId = Guid.NewGuid();
            var rebuilt = ResetStateBuilder.Rebuild(baseRun.State, prefix, newRunId, request.RequestId.Length > 0 ? request.RequestId : Guid.NewGuid().ToString(), mutation.Now);
            var created = new WorkflowMutation(rebuilt, mutation.Now);
            created.FinishReset(baseKey.RunId, request.Reason, signals);
            mutation.ContinuedRun = new NewRunPlan(rebuilt, [.. prefix, .. created.Events], created.Tasks);
            await CommitIfChangedAsync(shard, entry, mutation).ConfigureAwait(false);
            return newRunId;
        }
        catch
        {
            entry.Invalidate();
            throw;
        }
    }

    /// <summary>
    /// The events up to the workflow task's Started event, when <paramref name="finishEventId"/> is
    /// the WorkflowTaskCompleted, Failed or TimedOut event right after it (as Temporal requires).
    /// </summary>
    private static List<HistoryEvent> ResetPoint(ResetBase baseRun, long finishEventId)
    {
        var events = baseRun.Events;
        if (finishEventId <= 1 || finishEventId > events.Count)
        {
            throw ServiceErrorException.InvalidArgument($"Workflow task finish ID must be > 1 && <= workflow last event ID ({events.Count}); got {finishEventId}.");
        }
        var finish = events[(int)finishEventId - 1];
        if (finish.EventType is not (EventType.WorkflowTaskCompleted or EventType.WorkflowTaskFailed or EventType.WorkflowTaskTimedOut)
            || events[(int)finishEventId - 2].EventType != EventType.WorkflowTaskStarted)
        {
            throw ServiceErrorException.InvalidArgument(
                $"Can only reset workflow to a WorkflowTaskCompleted, WorkflowTaskFailed or WorkflowTaskTimedOut event; event {finishEventId} is {finish.EventType}.");
        }
        return [.. events.Take((int)finishEventId - 1).Select(e => e.Clone())];
    }

    /// <summary>The signals the base run received from the reset point on, in order, buffered ones last.</summary>
    private static List<HistoryEvent> SignalsAfter(ResetBase baseRun, long finishEventId)
    {
        var signals = baseRun.Events.Skip((int)finishEventId - 1).Where(e => e.EventType == EventType.WorkflowExecutionSignaled).ToList();
        signals.AddRange(baseRun.State.BufferedEvents.Select(bytes => HistoryEvent.Parser.ParseFrom(bytes)).Where(e => e.EventType == EventType.WorkflowExecutionSignaled));
        return signals;
    }

    private sealed record ResetBase(MutableState State, List<HistoryEvent> Events);
}
