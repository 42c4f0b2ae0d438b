using Fencepost.Engine.Errors;
using Fencepost.Engine.History.CrossShard;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Fencepost.Engine.History;

/// <summary>
/// The target side of <see cref="ICrossShardCalls"/>: what another workflow's transfer task does to
/// a run of a shard this node owns. Each is idempotent (request ids, the pending child / request
/// maps), because the source's transfer queue retries until it gets an answer.
/// </summary>
internal sealed partial class HistoryEngine
{
    public async Task<ChildStartResult> StartChildRunAsync(ChildStartRequest request, CancellationToken cancellationToken)
    {
        var initiated = HistoryEvent.Parser.ParseFrom(request.InitiatedEvent).StartChildWorkflowExecutionInitiatedEventAttributes;
        var ns = await namespaces.FindByIdAsync(request.ChildNamespaceId, cancellationToken).ConfigureAwait(false);
        if (ns is null)
        {
            return ChildStartResult.Failed(StartChildWorkflowExecutionFailedCause.NamespaceNotFound);
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
            RequestId = $"{request.ParentRunId}:{request.InitiatedEventId}",
            ParentNamespaceId = request.ParentNamespaceId,
            ParentNamespace = request.ParentNamespace,
            ParentWorkflowId = request.ParentWorkflowId,
            ParentRunId = request.ParentRunId,
            ParentInitiatedEventId = request.InitiatedEventId,
            // The top of the tree, so a grandchild names its grandparent, not its parent.
            RootExecution = new WorkflowExecution { WorkflowId = request.RootWorkflowId, RunId = request.RootRunId },
            Priority = initiated.Priority,
        };
        try
        {
            var runId = (await StartWorkflowAsync(ns, spec, initiated.WorkflowIdReusePolicy, WorkflowIdConflictPolicy.Fail, cancellationToken).ConfigureAwait(false)).RunId;
            return ChildStartResult.Of(runId);
        }
        catch (ServiceErrorException ex) when (ex.Code == Grpc.Core.StatusCode.AlreadyExists)
        {
            return ChildStartResult.Failed(StartChildWorkflowExecutionFailedCause.WorkflowAlreadyExists);
        }
    }

    public Task<bool> RecordChildClosedAsync(ChildClosedNotice notice, CancellationToken cancellationToken)
    {
        var closeEvent = HistoryEvent.Parser.ParseFrom(notice.CloseEvent);
        var parentKey = new WorkflowKey(notice.ParentNamespaceId, notice.ParentWorkflowId, notice.ParentRunId);
        return IgnoreNotFoundAsync(UpdateRunAsync(parentKey, mutation =>
        {
            if (mutation.State.IsRunning && mutation.State.Children.TryGetValue(notice.InitiatedEventId, out var child) && child.WorkflowId == notice.ChildWorkflowId)
            {
                if (child.RunId == Guid.Empty)
                {
                    // The child finished before its parent recorded that it started.
                    mutation.ChildStarted(child, notice.ChildFirstRunId, null);
                }
                mutation.ChildClosed(child, closeEvent);
            }
            return true;
        }, cancellationToken));
    }

    public async Task<ExternalSignalResult> DeliverExternalSignalAsync(ExternalSignalRequest request, CancellationToken cancellationToken)
    {
        var initiated = HistoryEvent.Parser.ParseFrom(request.InitiatedEvent).SignalExternalWorkflowExecutionInitiatedEventAttributes;
        try
        {
            return await TryResolveAsync(request.TargetNamespaceId, request.TargetWorkflowId, cancellationToken, initiated.WorkflowExecution.RunId).ConfigureAwait(false) is { } target
                && await IgnoreNotFoundAsync(SignalAsync(target, initiated.SignalName, initiated.Input, "history-service", request.RequestId, initiated.Header, cancellationToken)).ConfigureAwait(false)
                ? ExternalSignalResult.Delivered
                : ExternalSignalResult.NotFound;
        }
        catch (ServiceErrorException full) when (full.Message == SignalsLimitExceeded)
        {
            // The target takes no more signals: retrying would never succeed, so the signal fails, saying why as Temporal does.
            return ExternalSignalResult.SignalCountLimitExceeded;
        }
    }

    public async Task<bool> DeliverExternalCancelAsync(ExternalCancelRequest request, CancellationToken cancellationToken)
    {
        var initiated = HistoryEvent.Parser.ParseFrom(request.InitiatedEvent).RequestCancelExternalWorkflowExecutionInitiatedEventAttributes;
        return await TryResolveAsync(request.TargetNamespaceId, request.TargetWorkflowId, cancellationToken, initiated.WorkflowExecution.RunId).ConfigureAwait(false) is { } target
            && await IgnoreNotFoundAsync(RequestCancelAsync(target, null, initiated.Reason, "history-service", request.RequestId,
                new WorkflowExecution { WorkflowId = request.SourceWorkflowId, RunId = request.SourceRunId.ToString() }, request.InitiatedEventId, cancellationToken)).ConfigureAwait(false);
    }

    public async Task<bool> ApplyParentClosePolicyAsync(ParentCloseRequest request, CancellationToken cancellationToken)
    {
        if (await TryResolveAsync(request.ChildNamespaceId, request.ChildWorkflowId, cancellationToken).ConfigureAwait(false) is not { } resolved)
        {
            return false;
        }
        var firstRun = request.ChildFirstRunId.ToString();
        return request.ParentClosePolicy == (int)ParentClosePolicy.RequestCancel
            ? await IgnoreNotFoundAsync(RequestCancelAsync(resolved, firstRun, "By parent close policy", "history-service", $"parent-close:{request.ParentRunId}",
                new WorkflowExecution { WorkflowId = request.ParentWorkflowId, RunId = request.ParentRunId.ToString() }, 0, cancellationToken)).ConfigureAwait(false)
            : await IgnoreNotFoundAsync(TerminateAsync(resolved, firstRun, "By parent close policy", null, "history-service", cancellationToken)).ConfigureAwait(false);
    }
}
