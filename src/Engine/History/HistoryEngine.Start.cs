using Fencepost.Engine.Errors;
using Fencepost.Engine.Metrics;
using Fencepost.Engine.Namespaces;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

// Deprecated proto fields (Control, Namespace, BinaryChecksum, ...) are still sent by SDKs and must be recorded faithfully.
#pragma warning disable CS0612

namespace Fencepost.Engine.History;

internal sealed partial class HistoryEngine
{
    private const int MaxStartAttempts = 5;

    /// <summary>
    /// Starts a run, applying the id reuse and conflict policies and deduplicating the core's
    /// retried starts by request id. When the client asked for an eager start and the namespace
    /// allows it, the run's first workflow task is started in the same write and returned with it.
    /// </summary>
    public Task<StartWorkflowResult> StartWorkflowAsync(NamespaceEntry ns, NewRunSpec spec, WorkflowIdReusePolicy reusePolicy, WorkflowIdConflictPolicy conflictPolicy, CancellationToken cancellationToken) =>
        StartWorkflowAsync(ns, spec, reusePolicy, conflictPolicy, onCreated: null, cancellationToken);

    /// <summary>As above; <paramref name="onCreated"/> runs under the lock of a run this call created (not one it replaced), before anything can act on it.</summary>
    private async Task<StartWorkflowResult> StartWorkflowAsync(NamespaceEntry ns, NewRunSpec spec, WorkflowIdReusePolicy reusePolicy, WorkflowIdConflictPolicy conflictPolicy,
        Action<RunCacheEntry>? onCreated, CancellationToken cancellationToken)
    {
        var shard = await ShardForAsync(ns.Id, spec.WorkflowId, cancellationToken).ConfigureAwait(false);
        var eager = spec.RequestEagerStart && config.Get(HistoryConfigKeys.EnableEagerWorkflowStart, ns.Name);
        var mode = CreateMode.BrandNew;
        Guid? previous = null;
        for (var attempt = 0; attempt < MaxStartAttempts; attempt++)
        {
            var created = NewRunBuilder.Build(spec, timeProvider.GetUtcNow(), eager);
            // Built before the create: once it commits, the cached run belongs to every caller.
            var eagerTask = EagerTaskOf(created);
            try
            {
                await CreateRunAsync(shard, created, mode, previous, null, null, null, onCreated).ConfigureAwait(false);
                return Started(spec, eager, eagerTask);
            }
            catch (WorkflowAlreadyStartedException ex)
            {
                var current = ex.Current;
                if (current.CreateRequestId == spec.RequestId)
                {
                    var redelivered = eager ? await InFlightEagerTaskAsync(current, spec.RequestId, cancellationToken).ConfigureAwait(false) : null;
                    return AnsweredByExistingRun(spec, eager, new StartWorkflowResult(current.RunId, true, redelivered, (WorkflowExecutionStatus)current.Status));
                }
                if (current.State != WorkflowExecutionState.Completed)
                {
                    if (conflictPolicy == WorkflowIdConflictPolicy.UseExisting)
                    {
                        return AnsweredByExistingRun(spec, eager, new StartWorkflowResult(current.RunId, false));
                    }
                    if (conflictPolicy == WorkflowIdConflictPolicy.TerminateExisting || reusePolicy == WorkflowIdReusePolicy.TerminateIfRunning)
                    {
                        if (await TerminateAndStartAsync(current, spec, eager, spec.Identity, cancellationToken).ConfigureAwait(false) is { } replaced)
                        {
                            return Started(spec, eager, replaced.EagerTask);
                        }
                        continue;
                    }
                    throw ServiceErrorException.AlreadyStarted(spec.WorkflowId, current.CreateRequestId, current.RunId.ToString());
                }
                if (!ReuseAllowed(reusePolicy, (WorkflowExecutionStatus)current.Status))
                {
                    throw ServiceErrorException.AlreadyStarted(spec.WorkflowId, current.CreateRequestId, current.RunId.ToString());
                }
                mode = CreateMode.WorkflowIdReuse;
                previous = current.RunId;
            }
            catch (ConditionFailedException)
            {
                // The current run changed between our read and our write: look again.
                mode = CreateMode.BrandNew;
                previous = null;
            }
        }
        throw ServiceErrorException.Unavailable($"Workflow {spec.WorkflowId} kept changing while it was being started; retry.");
    }

    /// <summary>A new run was started; without its eager task although one was allowed, its first task waits.</summary>
    private StartWorkflowResult Started(NewRunSpec spec, bool eager, PollWorkflowTaskQueueResponse? eagerTask)
    {
        if (eagerTask is not null)
        {
            instruments.RecordEagerWorkflowStart();
        }
        else
        {
            // The builder starts the first task eagerly unless it waits: for a cron schedule's first
            // fire (which replaces any start delay) or for the start delay.
            RecordEagerDeclined(spec, eager, spec.CronSchedule.Length > 0 ? EagerWorkflowStartDeclineReason.Cron : EagerWorkflowStartDeclineReason.StartDelay);
        }
        return new StartWorkflowResult(spec.RunId, true, eagerTask);
    }

    /// <summary>A run that existed before this call answers it; a redelivered in-flight eager task is no decline.</summary>
    private StartWorkflowResult AnsweredByExistingRun(NewRunSpec spec, bool eager, StartWorkflowResult result)
    {
        if (result.EagerWorkflowTask is null)
        {
            RecordEagerDeclined(spec, eager, EagerWorkflowStartDeclineReason.ExistingRun);
        }
        return result;
    }

    /// <summary>Counts a start that asked for eager execution and gets no eager task; the namespace's key off outranks any other reason.</summary>
    private void RecordEagerDeclined(NewRunSpec spec, bool eager, EagerWorkflowStartDeclineReason reasonWhenAllowed)
    {
        if (spec.RequestEagerStart)
        {
            instruments.RecordEagerWorkflowStartDeclined(eager ? reasonWhenAllowed : EagerWorkflowStartDeclineReason.Disabled);
        }
    }

    /// <summary>The poll response for a run whose first workflow task was started eagerly as it was built; null otherwise.</summary>
    private PollWorkflowTaskQueueResponse? EagerTaskOf(WorkflowMutation created) =>
        created.State.WorkflowTask is { StartedEventId: > 0 } ? BuildWorkflowTaskResponse(created.State, created.Events) : null;

    /// <summary>
    /// Temporal's answer to a retried eager start (the first response may have been lost on the
    /// way): the run's first workflow task again while it is still the attempt started for this
    /// request; once it has completed, failed or timed out (then matching has it), a plain start.
    /// </summary>
    private async Task<PollWorkflowTaskQueueResponse?> InFlightEagerTaskAsync(CurrentExecutionRecord current, string requestId, CancellationToken cancellationToken)
    {
        var key = new WorkflowKey(current.NamespaceId, current.WorkflowId, current.RunId);
        try
        {
            return await ReadRunAsync(key, (state, events) =>
                state.IsRunning && state.LastCompletedWorkflowTaskStartedEventId == 0
                    && state.WorkflowTask is { Attempt: 1, StartedEventId: > 0 } wft && wft.StartRequestId == requestId
                    ? BuildWorkflowTaskResponse(state, events!)
                    : null, withEvents: true, cancellationToken).ConfigureAwait(false);
        }
        catch (ServiceErrorException ex) when (ex.Code == Grpc.Core.StatusCode.NotFound)
        {
            return null;
        }
    }

    private static bool ReuseAllowed(WorkflowIdReusePolicy policy, WorkflowExecutionStatus closedStatus) => policy switch
    {
        WorkflowIdReusePolicy.RejectDuplicate => false,
        WorkflowIdReusePolicy.AllowDuplicateFailedOnly => closedStatus is WorkflowExecutionStatus.Failed or WorkflowExecutionStatus.Canceled
            or WorkflowExecutionStatus.Terminated or WorkflowExecutionStatus.TimedOut,
        _ => true,
    };

    /// <summary>
    /// Terminates the running run and starts the new one in the same write (its first workflow task
    /// started too when <paramref name="eager"/>). Null when the run changed first.
    /// </summary>
    private async Task<TerminatedAndStarted?> TerminateAndStartAsync(CurrentExecutionRecord current, NewRunSpec spec, bool eager, string identity, CancellationToken cancellationToken)
    {
        var key = new WorkflowKey(current.NamespaceId, current.WorkflowId, current.RunId);
        return await UpdateRunAsync<TerminatedAndStarted?>(key, mutation =>
        {
            if (!mutation.State.IsRunning)
            {
                return null;
            }
            mutation.TerminateWorkflow("Terminated by a start with the TerminateExisting conflict policy.", null, identity);
            var created = NewRunBuilder.Build(spec, mutation.Now, eager);
            mutation.ContinuedRun = new NewRunPlan(created.State, created.Events, created.Tasks);
            return new TerminatedAndStarted(EagerTaskOf(created));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The new run replaced the running one; its eager first workflow task, if any.</summary>
    private sealed record TerminatedAndStarted(PollWorkflowTaskQueueResponse? EagerTask);
}
