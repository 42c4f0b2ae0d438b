using Fencepost.Engine.Frontend;
using Fencepost.Engine.Namespaces;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Temporalio.Api.Enums.V1;

// Deprecated proto fields (Control, Namespace, BinaryChecksum, ...) are still sent by SDKs and must be recorded faithfully.
#pragma warning disable CS0612

namespace Fencepost.Engine.History;

internal sealed partial class HistoryEngine
{
    private const int MaxStartAttempts = 5;

    /// <summary>
    /// Starts a run, applying the id reuse and conflict policies and deduplicating the core's
    /// retried starts by request id. Returns the run id and whether this call started it.
    /// </summary>
    public async Task<(Guid RunId, bool Started)> StartWorkflowAsync(NamespaceEntry ns, NewRunSpec spec, WorkflowIdReusePolicy reusePolicy, WorkflowIdConflictPolicy conflictPolicy, CancellationToken cancellationToken)
    {
        var shard = await ShardForAsync(ns.Id, spec.WorkflowId, cancellationToken).ConfigureAwait(false);
        var mode = CreateMode.BrandNew;
        Guid? previous = null;
        for (var attempt = 0; attempt < MaxStartAttempts; attempt++)
        {
            var created = NewRunBuilder.Build(spec, timeProvider.GetUtcNow());
            try
            {
                await CreateRunAsync(shard, created, mode, previous, null, null, null).ConfigureAwait(false);
                return (spec.RunId, true);
            }
            catch (WorkflowAlreadyStartedException ex)
            {
                var current = ex.Current;
                if (current.CreateRequestId == spec.RequestId)
                {
                    return (current.RunId, true);
                }
                if (current.State != WorkflowExecutionState.Completed)
                {
                    if (conflictPolicy == WorkflowIdConflictPolicy.UseExisting)
                    {
                        return (current.RunId, false);
                    }
                    if (conflictPolicy == WorkflowIdConflictPolicy.TerminateExisting || reusePolicy == WorkflowIdReusePolicy.TerminateIfRunning)
                    {
                        if (await TerminateAndStartAsync(current, spec, spec.Identity, cancellationToken).ConfigureAwait(false))
                        {
                            return (spec.RunId, true);
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

    private static bool ReuseAllowed(WorkflowIdReusePolicy policy, WorkflowExecutionStatus closedStatus) => policy switch
    {
        WorkflowIdReusePolicy.RejectDuplicate => false,
        WorkflowIdReusePolicy.AllowDuplicateFailedOnly => closedStatus is WorkflowExecutionStatus.Failed or WorkflowExecutionStatus.Canceled
            or WorkflowExecutionStatus.Terminated or WorkflowExecutionStatus.TimedOut,
        _ => true,
    };

    /// <summary>Terminates the running run and starts the new one in the same write. False when the run changed first.</summary>
    private async Task<bool> TerminateAndStartAsync(CurrentExecutionRecord current, NewRunSpec spec, string identity, CancellationToken cancellationToken)
    {
        var key = new WorkflowKey(current.NamespaceId, current.WorkflowId, current.RunId);
        return await UpdateRunAsync(key, mutation =>
        {
            if (!mutation.State.IsRunning)
            {
                return false;
            }
            mutation.TerminateWorkflow("Terminated by a start with the TerminateExisting conflict policy.", null, identity);
            var created = NewRunBuilder.Build(spec, mutation.Now);
            mutation.ContinuedRun = new NewRunPlan(created.State, created.Events, created.Tasks);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }
}
