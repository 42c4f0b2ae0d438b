using Fencepost.Engine.Errors;
using Fencepost.Engine.History.CrossShard;
using Fencepost.Engine.Namespaces;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Queues;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.History;

/// <summary>
/// Retention and deletion: a closed run's retention timer (written with its close) deletes the run
/// once the namespace's retention has passed; DeleteWorkflowExecution deletes the same way at once.
/// </summary>
internal sealed partial class HistoryEngine
{
    /// <summary>How long the namespace keeps closed runs (the default when it cannot be read).</summary>
    private async Task<TimeSpan> RetentionOfAsync(Guid namespaceId)
    {
        var entry = await namespaces.FindByIdAsync(namespaceId, CancellationToken.None).ConfigureAwait(false);
        return NamespaceRetention.Of(entry);
    }

    /// <summary>The retention timer fired: deletes the run if it is still there and closed.</summary>
    public async Task DeleteExpiredRunAsync(ShardTaskData task, CancellationToken cancellationToken)
    {
        var deleted = await DeleteClosedRunAsync(TaskKey(task), cancellationToken).ConfigureAwait(false);
        if (deleted)
        {
            LogRetentionDeleted(logger, task.WorkflowId, task.RunId);
        }
    }

    /// <summary>
    /// Deletes a closed run under its lock: the execution row, the current-run pointer only while it
    /// still names this run, the visibility row and its search attribute rows (one fenced
    /// transaction), then the history branch in fenced chunks within DSQL's row limit. Deleting the
    /// execution row first means the run is gone for every reader at once; a failure after it
    /// leaves only history, which a retry of the same task (or call) deletes. A run that is not
    /// closed is left alone (false); a run already gone has its history deleted again (true).
    /// </summary>
    public async Task<bool> DeleteClosedRunAsync(WorkflowKey key, CancellationToken cancellationToken)
    {
        var shard = await ShardForAsync(key.NamespaceId, key.WorkflowId, cancellationToken).ConfigureAwait(false);
        using var lease = await shard.Cache.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        var entry = lease.Entry;
        var record = await store.Executions.GetExecutionAsync(shard.ShardId, key.NamespaceId, key.WorkflowId, key.RunId, cancellationToken).ConfigureAwait(false);
        if (record is not null && record.State != Persistence.Model.WorkflowExecutionState.Completed)
        {
            return false;
        }
        var rangeId = shard.RangeId;
        try
        {
            if (record is not null)
            {
                await store.Executions.DeleteExecutionAsync(shard.ShardId, rangeId, key.NamespaceId, key.WorkflowId, key.RunId, cancellationToken).ConfigureAwait(false);
            }
            entry.Invalidate();
            await store.History.DeleteBranchAsync(shard.ShardId, rangeId, key.RunId, key.RunId, cancellationToken).ConfigureAwait(false);
        }
        catch (ShardOwnershipLostException) when (!shard.IsLost && shard.RangeId != rangeId)
        {
            // The shard's writer renewed its task-id range meanwhile (which moves range_id): still
            // ours, so the caller retries with the new one.
            entry.Invalidate();
            throw ServiceErrorException.Unavailable($"Shard {shard.ShardId} renewed its range while run {key.RunId} was being deleted; retry.");
        }
        catch
        {
            entry.Invalidate();
            throw;
        }
        shard.NotifyChanged(key);
        return true;
    }

    /// <summary>Temporal's reason and identity for a run DeleteWorkflowExecution terminates first.</summary>
    internal const string DeleteTerminateReason = "Delete workflow execution";

    /// <summary>
    /// DeleteWorkflowExecution: terminates the run when it is running (Temporal's reason, identity
    /// history-service), sends what its close owes a parent, a schedule or its children (which would
    /// otherwise read a deleted run), then deletes it as retention would. NOT_FOUND for a run that does not exist.
    /// </summary>
    public async Task DeleteWorkflowAsync(WorkflowKey key, ICrossShardCalls targets, CancellationToken cancellationToken)
    {
        var closeOwed = await UpdateRunAsync(key, mutation =>
        {
            if (!mutation.State.IsRunning)
            {
                return false;
            }
            mutation.TerminateWorkflow(DeleteTerminateReason, null, "history-service");
            return mutation.Tasks.Exists(t => t.Data.Kind == ShardTaskKind.CloseExecution);
        }, cancellationToken).ConfigureAwait(false);
        if (closeOwed)
        {
            // The CloseExecution task runs too; its notices are idempotent, and whichever comes
            // second finds the parent (or schedule, or child) already told.
            await ProcessCloseAsync(CloseTaskOf(key), targets, cancellationToken).ConfigureAwait(false);
        }
        if (!await DeleteClosedRunAsync(key, cancellationToken).ConfigureAwait(false))
        {
            throw ServiceErrorException.Unavailable($"Workflow execution {ErrorText.Echo(key.WorkflowId)} changed while it was being deleted; retry.");
        }
    }

    private static ShardTaskData CloseTaskOf(WorkflowKey key) => new()
    {
        Kind = ShardTaskKind.CloseExecution,
        NamespaceId = key.NamespaceId,
        WorkflowId = key.WorkflowId,
        RunId = key.RunId,
    };

    /// <summary>Whether the task's own run still has its execution row (read from the store).</summary>
    public async Task<bool> RunExistsAsync(ShardTaskData task, CancellationToken cancellationToken)
    {
        var shard = await ShardForAsync(task.NamespaceId, task.WorkflowId, cancellationToken).ConfigureAwait(false);
        return await store.Executions.GetExecutionAsync(shard.ShardId, task.NamespaceId, task.WorkflowId, task.RunId, cancellationToken).ConfigureAwait(false) is not null;
    }

    [LoggerMessage(EventId = 1160, Level = LogLevel.Debug, Message = "Workflow {WorkflowId} (run {RunId}) deleted: its namespace's retention has passed since it closed")]
    private static partial void LogRetentionDeleted(ILogger logger, string workflowId, Guid runId);
}
