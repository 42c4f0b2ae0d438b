using Fencepost.Engine.Cluster.Routing;
using Fencepost.Engine.Errors;
using Fencepost.Engine.History;
using Fencepost.Engine.History.CrossShard;
using Fencepost.Engine.Matching;
using Fencepost.Engine.Namespaces;
using Grpc.Core;

namespace Fencepost.Engine.Queues;

/// <summary>Does what an outbox task says: dispatch to matching, fire timers and timeouts, talk to other runs.</summary>
internal sealed class ShardTaskExecutor(HistoryEngine history, IMatchingDispatcher matching, ICrossShardCalls targets, NamespaceRegistry namespaces) : IShardTaskExecutor
{
    public async Task ExecuteAsync(ShardTaskData task, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteKindAsync(task, cancellationToken).ConfigureAwait(false);
        }
        catch (ServiceErrorException ex) when (ex.Code == StatusCode.NotFound)
        {
            // A task left behind by a run that retention (or DeleteWorkflowExecution) has deleted
            // since is done: there is nothing left for it to act on. Any other NOT_FOUND is an error.
            if (await history.RunExistsAsync(task, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }
        }
    }

    private async Task ExecuteKindAsync(ShardTaskData task, CancellationToken cancellationToken)
    {
        switch (task.Kind)
        {
            case ShardTaskKind.DispatchWorkflowTask:
                await DispatchAsync(task, MatchingEngine.WorkflowTaskType, cancellationToken).ConfigureAwait(false);
                break;
            case ShardTaskKind.DispatchActivityTask:
                await DispatchAsync(task, MatchingEngine.ActivityTaskType, cancellationToken).ConfigureAwait(false);
                break;
            case ShardTaskKind.WorkflowTaskBackoff when task.EventId == 0:
                await history.ScheduleDelayedFirstWorkflowTaskAsync(task, cancellationToken).ConfigureAwait(false);
                break;
            case ShardTaskKind.WorkflowTaskBackoff:
                await DispatchAsync(task, MatchingEngine.WorkflowTaskType, cancellationToken).ConfigureAwait(false);
                break;
            case ShardTaskKind.ActivityRetry:
                await DispatchAsync(task, MatchingEngine.ActivityTaskType, cancellationToken).ConfigureAwait(false);
                break;
            case ShardTaskKind.StartChild:
                await history.StartChildAsync(task, targets, cancellationToken).ConfigureAwait(false);
                break;
            case ShardTaskKind.SignalExternal:
                await history.SignalExternalAsync(task, targets, cancellationToken).ConfigureAwait(false);
                break;
            case ShardTaskKind.CancelExternal:
                await history.CancelExternalAsync(task, targets, cancellationToken).ConfigureAwait(false);
                break;
            case ShardTaskKind.CloseExecution:
                await history.ProcessCloseAsync(task, targets, cancellationToken).ConfigureAwait(false);
                break;
            case ShardTaskKind.UserTimer:
                await history.FireUserTimerAsync(task, cancellationToken).ConfigureAwait(false);
                break;
            case ShardTaskKind.ActivityTimeout:
                await history.FireActivityTimeoutAsync(task, cancellationToken).ConfigureAwait(false);
                break;
            case ShardTaskKind.WorkflowTaskTimeout:
                await history.FireWorkflowTaskTimeoutAsync(task, cancellationToken).ConfigureAwait(false);
                break;
            case ShardTaskKind.WorkflowTimeout:
                await history.FireWorkflowTimeoutAsync(task, cancellationToken).ConfigureAwait(false);
                break;
            case ShardTaskKind.ScheduleStart:
                await history.StartScheduledAsync(task, targets, cancellationToken).ConfigureAwait(false);
                break;
            case ShardTaskKind.ScheduleStop:
                await history.StopScheduledAsync(task, targets, cancellationToken).ConfigureAwait(false);
                break;
            case ShardTaskKind.SchedulerWake:
                await history.FireSchedulerWakeAsync(task, cancellationToken).ConfigureAwait(false);
                break;
            case ShardTaskKind.DeleteExecution:
                await history.DeleteExpiredRunAsync(task, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"Unknown shard task kind {task.Kind}.");
        }
    }

    private async Task DispatchAsync(ShardTaskData task, int taskType, CancellationToken cancellationToken)
    {
        var ns = await namespaces.FindByIdAsync(task.NamespaceId, cancellationToken).ConfigureAwait(false);
        if (ns is null)
        {
            return;
        }
        var data = new MatchingTaskData
        {
            NamespaceId = task.NamespaceId,
            WorkflowId = task.WorkflowId,
            RunId = task.RunId,
            ScheduledEventId = task.EventId,
            Attempt = task.Attempt,
        };
        await matching.AddTaskAsync(task.NamespaceId, ns.Name, task.TaskQueue, taskType, data, cancellationToken).ConfigureAwait(false);
    }
}
