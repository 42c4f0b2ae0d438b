using Fencepost.Engine.Errors;
using Fencepost.Engine.History.Updates;
using Fencepost.Engine.Namespaces;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Update.V1;

namespace Fencepost.Engine.History;

/// <summary>
/// Update-with-start (ExecuteMultiOperation): the update goes to the workflow's running run when
/// the start would reuse it (conflict policy USE_EXISTING, the same start request again, or a run
/// that already has the update); otherwise a new run is started and the update admitted to it
/// under the new run's lock, before anything can act on it, so its first workflow task carries
/// the update. Errors say which of the two operations failed.
/// </summary>
internal sealed partial class HistoryEngine
{
    public async Task<UpdateWithStartResult> UpdateWithStartAsync(NamespaceEntry ns, NewRunSpec spec, WorkflowIdReusePolicy reusePolicy, WorkflowIdConflictPolicy conflictPolicy,
        Request update, UpdateLimits limits, UpdateWorkflowExecutionLifecycleStage stage, DateTimeOffset softDeadline, CancellationToken cancellationToken)
    {
        var updateId = update.Meta.UpdateId;
        for (var attempt = 0; attempt < MaxStartAttempts; attempt++)
        {
            var current = await CurrentRunAsync(ns.Id, spec.WorkflowId, cancellationToken).ConfigureAwait(false);
            if (current is not null)
            {
                var key = new WorkflowKey(ns.Id, spec.WorkflowId, current.RunId);
                var (running, knows) = await RunKnowsUpdateAsync(key, updateId, cancellationToken).ConfigureAwait(false);
                if (running && (knows || current.CreateRequestId == spec.RequestId || conflictPolicy == WorkflowIdConflictPolicy.UseExisting))
                {
                    var status = await InUpdate(() => UpdateWorkflowAsync(ns.Id, spec.WorkflowId, current.RunId.ToString(), null, update, limits, stage, softDeadline, cancellationToken)).ConfigureAwait(false);
                    return new UpdateWithStartResult(current.RunId, false, WorkflowExecutionStatus.Running, status.Status);
                }
                if (!running && knows)
                {
                    // The run closed after the update completed: the same outcome, not a second run.
                    var status = await InUpdate(() => PollUpdateAsync(key, updateId, stage, softDeadline, cancellationToken)).ConfigureAwait(false);
                    return new UpdateWithStartResult(current.RunId, false, (WorkflowExecutionStatus)current.Status, status);
                }
            }

            InFlightUpdate? admitted = null;
            StartWorkflowResult started;
            try
            {
                started = await StartWorkflowAsync(ns, spec, reusePolicy, conflictPolicy, entry => admitted = AdmitToNewRun(entry, update), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new UpdateWithStartException(inStart: true, ex);
            }
            if (admitted is null)
            {
                // A run this call did not create answered the start (it appeared meanwhile, or a
                // terminate-and-start made it): the next pass sends the update to it.
                continue;
            }
            var newRun = new WorkflowKey(ns.Id, spec.WorkflowId, started.RunId);
            var reached = await InUpdate(() => WaitForUpdateAsync(newRun, updateId, UpdateLook.Admitted(admitted), stage, softDeadline, cancellationToken)).ConfigureAwait(false);
            return new UpdateWithStartResult(started.RunId, true, WorkflowExecutionStatus.Running, reached);
        }
        throw new UpdateWithStartException(inStart: true, ServiceErrorException.Unavailable($"Workflow {ErrorText.Echo(spec.WorkflowId)} kept changing during update-with-start; retry."));
    }

    private async Task<Persistence.Model.CurrentExecutionRecord?> CurrentRunAsync(Guid namespaceId, string workflowId, CancellationToken cancellationToken)
    {
        var shard = await ShardForAsync(namespaceId, workflowId, cancellationToken).ConfigureAwait(false);
        return await store.Executions.GetCurrentExecutionAsync(shard.ShardId, namespaceId, workflowId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the run is open, and whether it has (or had) the update, in memory or durably.</summary>
    private async Task<(bool Running, bool Knows)> RunKnowsUpdateAsync(WorkflowKey key, string updateId, CancellationToken cancellationToken)
    {
        var shard = await ShardForAsync(key.NamespaceId, key.WorkflowId, cancellationToken).ConfigureAwait(false);
        using var lease = await shard.Cache.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        try
        {
            var state = await LoadStateAsync(shard, lease.Entry, cancellationToken).ConfigureAwait(false);
            var knows = state.Updates.ContainsKey(updateId) || lease.Entry.Updates.Find(updateId) is not null || lease.Entry.Updates.FindRejection(updateId) is not null;
            return (state.IsRunning, knows);
        }
        catch
        {
            lease.Entry.Invalidate();
            throw;
        }
    }

    private static async Task<T> InUpdate<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new UpdateWithStartException(inStart: false, ex);
        }
    }
}
