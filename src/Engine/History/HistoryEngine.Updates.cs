using Fencepost.Engine.Errors;
using Fencepost.Engine.History.Updates;
using Fencepost.Engine.Hosting;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Update.V1;

namespace Fencepost.Engine.History;

/// <summary>
/// Workflow Update for callers: admit (or find) an update and wait for the stage asked for, or
/// wait for an update admitted earlier. A wait ends at the stage, at the caller's soft deadline
/// (then the stage reached is the answer, and the SDK asks again), or with the update's error.
/// </summary>
internal sealed partial class HistoryEngine
{
    /// <summary>How many runs an update follows when the run it was admitted to continues as new before the workflow saw it.</summary>
    private const int MaxRunsFollowed = 5;

    public UpdateLimits UpdateLimitsFor(string ns) => new(
        config.Get(HistoryConfigKeys.MaxInFlightUpdates, ns),
        config.Get(HistoryConfigKeys.MaxTotalUpdates, ns));

    /// <summary>
    /// Admits <paramref name="request"/> to the run (the current one when <paramref name="runId"/> is
    /// empty) and waits for <paramref name="stage"/>. An update admitted to a run that then continued
    /// as new, unseen, is admitted again to the new run, as Temporal's internal retry does.
    /// </summary>
    public async Task<(WorkflowKey Run, UpdateStatus Status)> UpdateWorkflowAsync(Guid namespaceId, string workflowId, string? runId, string? firstRunId,
        Request request, UpdateLimits limits, UpdateWorkflowExecutionLifecycleStage stage, DateTimeOffset softDeadline, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var key = await ResolveRunAsync(namespaceId, workflowId, runId, cancellationToken).ConfigureAwait(false);
            try
            {
                var admitted = await UpdateRunAsync(key, mutation =>
                {
                    RequireChain(mutation.State, firstRunId);
                    return mutation.AdmitUpdate(request, limits);
                }, cancellationToken).ConfigureAwait(false);
                return (key, await WaitForUpdateAsync(key, request.Meta.UpdateId, admitted, stage, softDeadline, cancellationToken).ConfigureAwait(false));
            }
            catch (ServiceErrorException ex) when (UpdateErrors.IsAbortedByContinuingWorkflow(ex) && string.IsNullOrEmpty(runId) && attempt < MaxRunsFollowed)
            {
                // The next attempt resolves the workflow's new current run.
            }
        }
    }

    /// <summary>Waits for an update the run already has (PollWorkflowExecutionUpdate); NOT_FOUND when it has none.</summary>
    public async Task<UpdateStatus> PollUpdateAsync(WorkflowKey key, string updateId, UpdateWorkflowExecutionLifecycleStage stage, DateTimeOffset softDeadline, CancellationToken cancellationToken)
    {
        var (look, _) = await LookAtUpdateAsync(key, updateId, cancellationToken).ConfigureAwait(false);
        if (look.Kind == UpdateLookKind.Unknown)
        {
            throw UpdateErrors.UpdateNotFound(updateId);
        }
        return await WaitForUpdateAsync(key, updateId, look, stage, softDeadline, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Admits an update to a run this call just created, under its lock, so its first workflow task carries it.</summary>
    internal static InFlightUpdate AdmitToNewRun(RunCacheEntry created, Request request)
    {
        var update = created.Updates.Create(request);
        created.Updates.Add(update);
        return update;
    }

    private async Task<UpdateStatus> WaitForUpdateAsync(WorkflowKey key, string updateId, UpdateLook look, UpdateWorkflowExecutionLifecycleStage stage,
        DateTimeOffset softDeadline, CancellationToken cancellationToken)
    {
        Task? changed = null;
        while (true)
        {
            switch (look.Kind)
            {
                case UpdateLookKind.Completed when look.Outcome is { } outcome:
                    return UpdateStatus.Completed(outcome);
                case UpdateLookKind.InFlight:
                    if (stage is UpdateWorkflowExecutionLifecycleStage.Admitted or UpdateWorkflowExecutionLifecycleStage.Unspecified)
                    {
                        return UpdateStatus.Admitted;
                    }
                    var resolution = look.InFlight!.Resolution;
                    if (!await SignalOrTimeout.WaitAsync(resolution, softDeadline - timeProvider.GetUtcNow(), timeProvider, cancellationToken).ConfigureAwait(false))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        return UpdateStatus.Admitted;
                    }
                    var resolved = await resolution.ConfigureAwait(false);
                    if (resolved.Kind == UpdateResolutionKind.Rejected)
                    {
                        return UpdateStatus.Completed(new Outcome { Failure = resolved.Rejection });
                    }
                    if (resolved.Kind == UpdateResolutionKind.Aborted)
                    {
                        throw resolved.Error!;
                    }
                    break;
                case UpdateLookKind.Accepted:
                    if (stage <= UpdateWorkflowExecutionLifecycleStage.Accepted)
                    {
                        return UpdateStatus.Accepted;
                    }
                    if (changed is not null
                        && !await SignalOrTimeout.WaitAsync(changed, softDeadline - timeProvider.GetUtcNow(), timeProvider, cancellationToken).ConfigureAwait(false))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        return UpdateStatus.Accepted;
                    }
                    break;
                case UpdateLookKind.Unknown:
                    // Admitted here, then lost with this node's memory of it before any answer was recorded.
                    throw UpdateErrors.AbortedByServer("this node no longer holds it");
                default:
                    // Completed without its outcome at hand: read it below.
                    break;
            }
            (look, changed) = await LookAtUpdateAsync(key, updateId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// What the run knows of the update, under its lock, and a task that completes at the run's
    /// next committed change (taken under the lock, so no change in between is missed).
    /// </summary>
    private async Task<(UpdateLook Look, Task Changed)> LookAtUpdateAsync(WorkflowKey key, string updateId, CancellationToken cancellationToken)
    {
        var shard = await ShardForAsync(key.NamespaceId, key.WorkflowId, cancellationToken).ConfigureAwait(false);
        using var lease = await shard.Cache.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        var entry = lease.Entry;
        try
        {
            var changed = shard.WaitForChangeAsync(key);
            var state = await LoadStateAsync(shard, entry, cancellationToken).ConfigureAwait(false);
            if (state.Updates.TryGetValue(updateId, out var info))
            {
                if (!info.Completed && state.IsRunning)
                {
                    return (UpdateLook.Accepted, changed);
                }
                var events = await LoadEventsAsync(shard, entry, state, cancellationToken).ConfigureAwait(false);
                return (UpdateLook.Completed(WorkflowMutation.DurableOutcome(state, info, events)!), changed);
            }
            if (entry.Updates.Find(updateId) is { } inFlight)
            {
                return (UpdateLook.Admitted(inFlight), changed);
            }
            if (entry.Updates.FindRejection(updateId) is { } rejection)
            {
                return (UpdateLook.Rejected(rejection), changed);
            }
            return (UpdateLook.Unknown, changed);
        }
        catch
        {
            entry.Invalidate();
            throw;
        }
    }
}
