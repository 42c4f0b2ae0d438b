using Fencepost.Engine.Frontend;
using Fencepost.Engine.Queues;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Fencepost.Engine.History;

internal sealed partial class HistoryEngine
{
    /// <summary>Starts a child run for its parent's initiated event, then records Started (or StartFailed) in the parent.</summary>
    public async Task StartChildAsync(ShardTaskData task, CancellationToken cancellationToken)
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
        var ns = await namespaces.FindByIdAsync(snapshot.Child.NamespaceId, cancellationToken).ConfigureAwait(false);
        if (ns is null)
        {
            await RecordChildStartFailedAsync(parentKey, task.EventId, StartChildWorkflowExecutionFailedCause.NamespaceNotFound, cancellationToken).ConfigureAwait(false);
            return;
        }
        var spec = new NewRunSpec
        {
            NamespaceId = ns.Id,
            Namespace = ns.Name,
            WorkflowId = initiated.WorkflowId,
            WorkflowType = initiated.WorkflowType.Name,
            TaskQueue = initiated.TaskQueue.Name,
            Input = initiated.Input,
            ExecutionTimeout = initiated.WorkflowExecutionTimeout?.ToTimeSpan(),
            RunTimeout = initiated.WorkflowRunTimeout?.ToTimeSpan(),
            TaskTimeout = initiated.WorkflowTaskTimeout?.ToTimeSpan(),
            Header = initiated.Header,
            Memo = initiated.Memo,
            SearchAttributes = initiated.SearchAttributes,
            RetryPolicy = initiated.RetryPolicy,
            CronSchedule = initiated.CronSchedule,
            // Deterministic, so a retried transfer task finds the child it already started.
            RequestId = $"{parentKey.RunId}:{task.EventId}",
            ParentNamespaceId = parentKey.NamespaceId,
            ParentNamespace = snapshot.Namespace,
            ParentWorkflowId = parentKey.WorkflowId,
            ParentRunId = parentKey.RunId,
            ParentInitiatedEventId = task.EventId,
            // The top of the tree, so a grandchild names its grandparent, not its parent.
            RootExecution = snapshot.Root,
            Priority = initiated.Priority,
        };
        Guid runId;
        try
        {
            (runId, _) = await StartWorkflowAsync(ns, spec, initiated.WorkflowIdReusePolicy, WorkflowIdConflictPolicy.Fail, cancellationToken).ConfigureAwait(false);
        }
        catch (ServiceErrorException ex) when (ex.Code == Grpc.Core.StatusCode.AlreadyExists)
        {
            await RecordChildStartFailedAsync(parentKey, task.EventId, StartChildWorkflowExecutionFailedCause.WorkflowAlreadyExists, cancellationToken).ConfigureAwait(false);
            return;
        }
        await UpdateRunAsync(parentKey, mutation =>
        {
            if (mutation.State.IsRunning && mutation.State.Children.TryGetValue(task.EventId, out var child) && child.RunId == Guid.Empty)
            {
                mutation.ChildStarted(child, runId, initiated.Header);
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
    public async Task ProcessCloseAsync(ShardTaskData task, CancellationToken cancellationToken)
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
            var parentKey = new WorkflowKey(parentNamespace, state.ParentWorkflowId, parentRun);
            await IgnoreNotFoundAsync(UpdateRunAsync(parentKey, mutation =>
            {
                if (mutation.State.IsRunning && mutation.State.Children.TryGetValue(state.ParentInitiatedEventId, out var child) && child.WorkflowId == state.WorkflowId)
                {
                    if (child.RunId == Guid.Empty)
                    {
                        // The child finished before its parent recorded that it started.
                        mutation.ChildStarted(child, state.FirstRunId, null);
                    }
                    mutation.ChildClosed(child, closeEvent);
                }
                return true;
            }, cancellationToken)).ConfigureAwait(false);
        }
        foreach (var child in snapshot.Children)
        {
            if (child.RunId == Guid.Empty || child.ParentClosePolicy == (int)ParentClosePolicy.Abandon)
            {
                continue;
            }
            var childKey = await TryResolveAsync(child.NamespaceId, child.WorkflowId, cancellationToken).ConfigureAwait(false);
            if (childKey is not { } resolved)
            {
                continue;
            }
            var firstRun = child.RunId.ToString();
            if (child.ParentClosePolicy == (int)ParentClosePolicy.RequestCancel)
            {
                await IgnoreNotFoundAsync(RequestCancelAsync(resolved, firstRun, "By parent close policy", "history-service", $"parent-close:{state.RunId}",
                    new WorkflowExecution { WorkflowId = state.WorkflowId, RunId = state.RunId.ToString() }, 0, cancellationToken)).ConfigureAwait(false);
            }
            else
            {
                await IgnoreNotFoundAsync(TerminateAsync(resolved, firstRun, "By parent close policy", null, "history-service", cancellationToken)).ConfigureAwait(false);
            }
        }
    }

    public async Task SignalExternalAsync(ShardTaskData task, CancellationToken cancellationToken)
    {
        var sourceKey = TaskKey(task);
        var info = await TryReadAsync(sourceKey, state => state.IsRunning && state.ExternalSignals.TryGetValue(task.EventId, out var pending) ? pending : null, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            return;
        }
        var initiated = HistoryEvent.Parser.ParseFrom(info.InitiatedEvent).SignalExternalWorkflowExecutionInitiatedEventAttributes;
        var delivered = false;
        if (Guid.TryParse(initiated.NamespaceId, out var targetNamespace)
            && await TryResolveAsync(targetNamespace, initiated.WorkflowExecution.WorkflowId, cancellationToken, initiated.WorkflowExecution.RunId).ConfigureAwait(false) is { } target)
        {
            delivered = await IgnoreNotFoundAsync(SignalAsync(target, initiated.SignalName, initiated.Input, "history-service", info.RequestId, initiated.Header, cancellationToken)).ConfigureAwait(false);
        }
        await UpdateRunAsync(sourceKey, mutation =>
        {
            if (mutation.State.IsRunning && mutation.State.ExternalSignals.TryGetValue(task.EventId, out var pending))
            {
                mutation.ExternalSignalOutcome(pending, delivered);
            }
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task CancelExternalAsync(ShardTaskData task, CancellationToken cancellationToken)
    {
        var sourceKey = TaskKey(task);
        var info = await TryReadAsync(sourceKey, state => state.IsRunning && state.ExternalCancels.TryGetValue(task.EventId, out var pending) ? pending : null, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            return;
        }
        var initiated = HistoryEvent.Parser.ParseFrom(info.InitiatedEvent).RequestCancelExternalWorkflowExecutionInitiatedEventAttributes;
        var delivered = false;
        if (Guid.TryParse(initiated.NamespaceId, out var targetNamespace)
            && await TryResolveAsync(targetNamespace, initiated.WorkflowExecution.WorkflowId, cancellationToken, initiated.WorkflowExecution.RunId).ConfigureAwait(false) is { } target)
        {
            delivered = await IgnoreNotFoundAsync(RequestCancelAsync(target, null, initiated.Reason, "history-service", info.RequestId,
                new WorkflowExecution { WorkflowId = sourceKey.WorkflowId, RunId = sourceKey.RunId.ToString() }, task.EventId, cancellationToken)).ConfigureAwait(false);
        }
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
