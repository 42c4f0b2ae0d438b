using Fencepost.Engine.Errors;
using Fencepost.Engine.History.CrossShard;
using Fencepost.Engine.Queues;
using Google.Protobuf;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Fencepost.Engine.History;

internal sealed partial class HistoryEngine
{
    /// <summary>Has the child's shard start a child run for its parent's initiated event, then records Started (or StartFailed) in the parent.</summary>
    public async Task StartChildAsync(ShardTaskData task, ICrossShardCalls targets, CancellationToken cancellationToken)
    {
        var parentKey = TaskKey(task);
        var snapshot = await TryReadAsync(parentKey, state =>
            state.IsRunning && state.Children.TryGetValue(task.EventId, out var child) && child.RunId == Guid.Empty
                ? (Child: child, state.Namespace, Root: WorkflowMutation.RootExecution(state))
                : default, cancellationToken).ConfigureAwait(false);
        if (snapshot.Child is null)
        {
            return;
        }
        var initiated = HistoryEvent.Parser.ParseFrom(snapshot.Child.InitiatedEvent).StartChildWorkflowExecutionInitiatedEventAttributes;
        var result = await targets.StartChildAsync(new ChildStartRequest(
            snapshot.Child.NamespaceId, initiated.WorkflowId, snapshot.Child.InitiatedEvent, task.EventId,
            parentKey.NamespaceId, snapshot.Namespace, parentKey.WorkflowId, parentKey.RunId,
            snapshot.Root.WorkflowId, snapshot.Root.RunId), cancellationToken).ConfigureAwait(false);
        if (!result.Started)
        {
            await RecordChildStartFailedAsync(parentKey, task.EventId, result.FailedCause, cancellationToken).ConfigureAwait(false);
            return;
        }
        await UpdateRunAsync(parentKey, mutation =>
        {
            if (mutation.State.IsRunning && mutation.State.Children.TryGetValue(task.EventId, out var child) && child.RunId == Guid.Empty)
            {
                mutation.ChildStarted(child, result.RunId, initiated.Header);
            }
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    private Task<bool> RecordChildStartFailedAsync(WorkflowKey parentKey, long initiatedId, StartChildWorkflowExecutionFailedCause cause, CancellationToken cancellationToken) =>
        UpdateRunAsync(parentKey, mutation =>
        {
            if (mutation.State.IsRunning && mutation.State.Children.TryGetValue(initiatedId, out var child) && child.RunId == Guid.Empty)
            {
                mutation.ChildStartFailed(child, cause);
            }
            return true;
        }, cancellationToken);

    /// <summary>What closing a run owes others: its parent learns the outcome; children get the parent close policy.</summary>
    public async Task ProcessCloseAsync(ShardTaskData task, ICrossShardCalls targets, CancellationToken cancellationToken)
    {
        var key = TaskKey(task);
        var snapshot = await TryReadWithEventsAsync(key, (state, events) => (
            State: state,
            CloseEvent: state.CloseEventId > 0 && state.CloseEventId <= events.Count ? events[(int)state.CloseEventId - 1] : null,
            Children: state.Children.Values.ToList()), cancellationToken).ConfigureAwait(false);
        if (snapshot.State is null)
        {
            return;
        }
        var state = snapshot.State;
        if (state.ParentWorkflowId is not null && state.ParentNamespaceId is { } parentNamespace && state.ParentRunId is { } parentRun
            && state.NewRunId is null && snapshot.CloseEvent is { } closeEvent)
        {
            await targets.RecordChildClosedAsync(new ChildClosedNotice(parentNamespace, state.ParentWorkflowId, parentRun, state.ParentInitiatedEventId,
                state.WorkflowId, state.FirstRunId, closeEvent.ToByteArray()), cancellationToken).ConfigureAwait(false);
        }
        if (state.ScheduledBy is { } scheduleId && state.NewRunId is null && snapshot.CloseEvent is { } scheduledClose)
        {
            await targets.RecordScheduledRunClosedAsync(new ScheduledRunClosedNotice(state.NamespaceId, scheduleId, state.WorkflowId, state.FirstRunId,
                state.Status, scheduledClose.ToByteArray()), cancellationToken).ConfigureAwait(false);
        }
        foreach (var child in snapshot.Children)
        {
            if (child.RunId == Guid.Empty || child.ParentClosePolicy == (int)ParentClosePolicy.Abandon)
            {
                continue;
            }
            await targets.ApplyParentClosePolicyAsync(new ParentCloseRequest(child.NamespaceId, child.WorkflowId, child.RunId, child.ParentClosePolicy,
                state.WorkflowId, state.RunId), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task SignalExternalAsync(ShardTaskData task, ICrossShardCalls targets, CancellationToken cancellationToken)
    {
        var sourceKey = TaskKey(task);
        var info = await TryReadAsync(sourceKey, state => state.IsRunning && state.ExternalSignals.TryGetValue(task.EventId, out var pending) ? pending : null, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            return;
        }
        var initiated = HistoryEvent.Parser.ParseFrom(info.InitiatedEvent).SignalExternalWorkflowExecutionInitiatedEventAttributes;
        var result = Guid.TryParse(initiated.NamespaceId, out var targetNamespace)
            ? await targets.SignalExternalAsync(new ExternalSignalRequest(targetNamespace, initiated.WorkflowExecution.WorkflowId, info.InitiatedEvent, info.RequestId),
                cancellationToken).ConfigureAwait(false)
            : ExternalSignalResult.NotFound;
        await UpdateRunAsync(sourceKey, mutation =>
        {
            if (mutation.State.IsRunning && mutation.State.ExternalSignals.TryGetValue(task.EventId, out var pending))
            {
                mutation.ExternalSignalOutcome(pending, result);
            }
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task CancelExternalAsync(ShardTaskData task, ICrossShardCalls targets, CancellationToken cancellationToken)
    {
        var sourceKey = TaskKey(task);
        var info = await TryReadAsync(sourceKey, state => state.IsRunning && state.ExternalCancels.TryGetValue(task.EventId, out var pending) ? pending : null, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            return;
        }
        var initiated = HistoryEvent.Parser.ParseFrom(info.InitiatedEvent).RequestCancelExternalWorkflowExecutionInitiatedEventAttributes;
        var delivered = Guid.TryParse(initiated.NamespaceId, out var targetNamespace)
            && await targets.RequestCancelExternalAsync(new ExternalCancelRequest(targetNamespace, initiated.WorkflowExecution.WorkflowId, info.InitiatedEvent, info.RequestId,
                sourceKey.WorkflowId, sourceKey.RunId, task.EventId), cancellationToken).ConfigureAwait(false);
        await UpdateRunAsync(sourceKey, mutation =>
        {
            if (mutation.State.IsRunning && mutation.State.ExternalCancels.TryGetValue(task.EventId, out var pending))
            {
                mutation.ExternalCancelOutcome(pending, delivered);
            }
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T?> TryReadAsync<T>(WorkflowKey key, Func<MutableState, T> read, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadRunAsync(key, (state, _) => read(state), withEvents: false, cancellationToken).ConfigureAwait(false);
        }
        catch (ServiceErrorException ex) when (ex.Code == Grpc.Core.StatusCode.NotFound)
        {
            return default;
        }
    }

    private async Task<T?> TryReadWithEventsAsync<T>(WorkflowKey key, Func<MutableState, List<HistoryEvent>, T> read, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadRunAsync(key, (state, events) => read(state, events!), withEvents: true, cancellationToken).ConfigureAwait(false);
        }
        catch (ServiceErrorException ex) when (ex.Code == Grpc.Core.StatusCode.NotFound)
        {
            return default;
        }
    }

    private async Task<WorkflowKey?> TryResolveAsync(Guid namespaceId, string workflowId, CancellationToken cancellationToken, string? runId = null)
    {
        try
        {
            return await ResolveRunAsync(namespaceId, workflowId, runId, cancellationToken).ConfigureAwait(false);
        }
        catch (ServiceErrorException ex) when (ex.Code is Grpc.Core.StatusCode.NotFound or Grpc.Core.StatusCode.InvalidArgument)
        {
            return null;
        }
    }

    private static async Task<bool> IgnoreNotFoundAsync(Task work)
    {
        try
        {
            await work.ConfigureAwait(false);
            return true;
        }
        catch (ServiceErrorException ex) when (ex.Code == Grpc.Core.StatusCode.NotFound)
        {
            return false;
        }
    }
}
