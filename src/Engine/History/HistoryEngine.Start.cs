using Fencepost.Engine.Frontend;
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
    public async Task<StartWorkflowResult> StartWorkflowAsync(NamespaceEntry ns, NewRunSpec spec, WorkflowIdReusePolicy reusePolicy, WorkflowIdConflictPolicy conflictPolicy, CancellationToken cancellationToken)
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
                await CreateRunAsync(shard, created, mode, previous, null, null, null).ConfigureAwait(false);
                return Started(spec.RunId, eagerTask);
            }
            catch (WorkflowAlreadyStartedException ex)
            {
                var current = ex.Current;
                if (current.CreateRequestId == spec.RequestId)
                {
                    var redelivered = eager ? await InFlightEagerTaskAsync(current, spec.RequestId, cancellationToken).ConfigureAwait(false) : null;
                    return new StartWorkflowResult(current.RunId, true, redelivered);
                }
                if (current.State != WorkflowExecutionState.Completed)
                {
                    if (conflictPolicy == WorkflowIdConflictPolicy.UseExisting)
                    {
                        return new StartWorkflowResult(current.RunId, false);
                    }
                    if (conflictPolicy == WorkflowIdConflictPolicy.TerminateExisting || reusePolicy == WorkflowIdReusePolicy.TerminateIfRunning)
                    {
                        if (await TerminateAndStartAsync(current, spec, eager, spec.Identity, cancellationToken).ConfigureAwait(false) is { } replaced)
                        {
                            return Started(spec.RunId, replaced.EagerTask);
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

    private StartWorkflowResult Started(Guid runId, PollWorkflowTaskQueueResponse? eagerTask)
    {
        if (eagerTask is not null)
        {
            instruments.RecordEagerWorkflowStart();
        }
        return new StartWorkflowResult(runId, true, eagerTask);
    }

    /// <summary>The poll response for a run whose first workflow task was started eagerly as it was built; null otherwise.</summary>
    private static PollWorkflowTaskQueueResponse? EagerTaskOf(WorkflowMutation created) =>
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
