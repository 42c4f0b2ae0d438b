using Fencepost.Engine.Queues;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

// Deprecated proto fields (Control, Namespace, BinaryChecksum, ...) are still sent by SDKs and must be recorded faithfully.
#pragma warning disable CS0612

namespace Fencepost.Engine.History;

internal sealed partial class WorkflowMutation
{
    public void InitiateChild(StartChildWorkflowExecutionInitiatedEventAttributes attributes, Guid namespaceId)
    {
        var initiated = NewEvent(EventType.StartChildWorkflowExecutionInitiated);
        initiated.StartChildWorkflowExecutionInitiatedEventAttributes = attributes;
        var id = Append(initiated, bufferable: false);
        State.Children[id] = new ChildInfo
        {
            InitiatedEventId = id,
            Namespace = attributes.Namespace,
            NamespaceId = namespaceId,
            WorkflowId = attributes.WorkflowId,
            WorkflowType = attributes.WorkflowType.Name,
            ParentClosePolicy = (int)attributes.ParentClosePolicy,
            InitiatedEvent = initiated.ToByteArray(),
        };
        AddTransfer(ShardTaskKind.StartChild, id);
    }

    public void ChildStarted(ChildInfo child, Guid runId, Header? header)
    {
        child.RunId = runId;
        var started = NewEvent(EventType.ChildWorkflowExecutionStarted);
        started.ChildWorkflowExecutionStartedEventAttributes = new ChildWorkflowExecutionStartedEventAttributes
        {
            Namespace = child.Namespace,
            NamespaceId = child.NamespaceId.ToString(),
            InitiatedEventId = child.InitiatedEventId,
            WorkflowExecution = new WorkflowExecution { WorkflowId = child.WorkflowId, RunId = runId.ToString() },
            WorkflowType = new WorkflowType { Name = child.WorkflowType },
            Header = header,
        };
        child.StartedEventId = Append(started);
        if (child.StartedEventId == 0)
        {
            // Buffered: the id is known once flushed; the close event only needs it for display.
            child.StartedEventId = -1;
        }
        ScheduleWorkflowTaskIfNeeded();
    }

    public void ChildStartFailed(ChildInfo child, StartChildWorkflowExecutionFailedCause cause)
    {
        var failed = NewEvent(EventType.StartChildWorkflowExecutionFailed);
        failed.StartChildWorkflowExecutionFailedEventAttributes = new StartChildWorkflowExecutionFailedEventAttributes
        {
            Namespace = child.Namespace,
            NamespaceId = child.NamespaceId.ToString(),
            WorkflowId = child.WorkflowId,
            WorkflowType = new WorkflowType { Name = child.WorkflowType },
            Cause = cause,
            InitiatedEventId = child.InitiatedEventId,
        };
        Append(failed);
        State.Children.Remove(child.InitiatedEventId);
        ScheduleWorkflowTaskIfNeeded();
    }

    /// <summary>Records the child's close event (a copy of what ended it) in the parent.</summary>
    public void ChildClosed(ChildInfo child, HistoryEvent childCloseEvent)
    {
        var execution = new WorkflowExecution { WorkflowId = child.WorkflowId, RunId = child.RunId.ToString() };
        var type = new WorkflowType { Name = child.WorkflowType };
        var ns = child.Namespace;
        var nsId = child.NamespaceId.ToString();
        var startedId = Math.Max(0, child.StartedEventId);
        HistoryEvent closed;
        switch (childCloseEvent.AttributesCase)
        {
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionCompletedEventAttributes:
                closed = NewEvent(EventType.ChildWorkflowExecutionCompleted);
                closed.ChildWorkflowExecutionCompletedEventAttributes = new ChildWorkflowExecutionCompletedEventAttributes
                {
                    Result = childCloseEvent.WorkflowExecutionCompletedEventAttributes.Result,
                    Namespace = ns, NamespaceId = nsId, WorkflowExecution = execution, WorkflowType = type,
                    InitiatedEventId = child.InitiatedEventId, StartedEventId = startedId,
                };
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionFailedEventAttributes:
                closed = NewEvent(EventType.ChildWorkflowExecutionFailed);
                closed.ChildWorkflowExecutionFailedEventAttributes = new ChildWorkflowExecutionFailedEventAttributes
                {
                    Failure = childCloseEvent.WorkflowExecutionFailedEventAttributes.Failure,
                    Namespace = ns, NamespaceId = nsId, WorkflowExecution = execution, WorkflowType = type,
                    InitiatedEventId = child.InitiatedEventId, StartedEventId = startedId,
                    RetryState = childCloseEvent.WorkflowExecutionFailedEventAttributes.RetryState,
                };
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionCanceledEventAttributes:
                closed = NewEvent(EventType.ChildWorkflowExecutionCanceled);
                closed.ChildWorkflowExecutionCanceledEventAttributes = new ChildWorkflowExecutionCanceledEventAttributes
                {
                    Details = childCloseEvent.WorkflowExecutionCanceledEventAttributes.Details,
                    Namespace = ns, NamespaceId = nsId, WorkflowExecution = execution, WorkflowType = type,
                    InitiatedEventId = child.InitiatedEventId, StartedEventId = startedId,
                };
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionTimedOutEventAttributes:
                closed = NewEvent(EventType.ChildWorkflowExecutionTimedOut);
                closed.ChildWorkflowExecutionTimedOutEventAttributes = new ChildWorkflowExecutionTimedOutEventAttributes
                {
                    Namespace = ns, NamespaceId = nsId, WorkflowExecution = execution, WorkflowType = type,
                    InitiatedEventId = child.InitiatedEventId, StartedEventId = startedId,
                    RetryState = RetryState.Timeout,
                };
                break;
            default:
                closed = NewEvent(EventType.ChildWorkflowExecutionTerminated);
                closed.ChildWorkflowExecutionTerminatedEventAttributes = new ChildWorkflowExecutionTerminatedEventAttributes
                {
                    Namespace = ns, NamespaceId = nsId, WorkflowExecution = execution, WorkflowType = type,
                    InitiatedEventId = child.InitiatedEventId, StartedEventId = startedId,
                };
                break;
        }
        Append(closed);
        State.Children.Remove(child.InitiatedEventId);
        ScheduleWorkflowTaskIfNeeded();
    }

    public void InitiateExternalSignal(SignalExternalWorkflowExecutionInitiatedEventAttributes attributes)
    {
        var initiated = NewEvent(EventType.SignalExternalWorkflowExecutionInitiated);
        initiated.SignalExternalWorkflowExecutionInitiatedEventAttributes = attributes;
        var id = Append(initiated, bufferable: false);
        State.ExternalSignals[id] = new ExternalRequestInfo { InitiatedEventId = id, InitiatedEvent = initiated.ToByteArray(), RequestId = Guid.NewGuid().ToString() };
        AddTransfer(ShardTaskKind.SignalExternal, id);
    }

    public void InitiateExternalCancel(RequestCancelExternalWorkflowExecutionInitiatedEventAttributes attributes)
    {
        var initiated = NewEvent(EventType.RequestCancelExternalWorkflowExecutionInitiated);
        initiated.RequestCancelExternalWorkflowExecutionInitiatedEventAttributes = attributes;
        var id = Append(initiated, bufferable: false);
        State.ExternalCancels[id] = new ExternalRequestInfo { InitiatedEventId = id, InitiatedEvent = initiated.ToByteArray(), RequestId = Guid.NewGuid().ToString() };
        AddTransfer(ShardTaskKind.CancelExternal, id);
    }

    public void ExternalSignalOutcome(ExternalRequestInfo info, CrossShard.ExternalSignalResult result)
    {
        var initiated = HistoryEvent.Parser.ParseFrom(info.InitiatedEvent).SignalExternalWorkflowExecutionInitiatedEventAttributes;
        HistoryEvent outcome;
        if (result == CrossShard.ExternalSignalResult.Delivered)
        {
            outcome = NewEvent(EventType.ExternalWorkflowExecutionSignaled);
            outcome.ExternalWorkflowExecutionSignaledEventAttributes = new ExternalWorkflowExecutionSignaledEventAttributes
            {
                InitiatedEventId = info.InitiatedEventId, Namespace = initiated.Namespace, NamespaceId = initiated.NamespaceId,
                WorkflowExecution = initiated.WorkflowExecution, Control = initiated.Control,
            };
        }
        else
        {
            outcome = NewEvent(EventType.SignalExternalWorkflowExecutionFailed);
            outcome.SignalExternalWorkflowExecutionFailedEventAttributes = new SignalExternalWorkflowExecutionFailedEventAttributes
            {
                Cause = result == CrossShard.ExternalSignalResult.SignalCountLimitExceeded
                    ? SignalExternalWorkflowExecutionFailedCause.SignalCountLimitExceeded
                    : SignalExternalWorkflowExecutionFailedCause.ExternalWorkflowExecutionNotFound,
                InitiatedEventId = info.InitiatedEventId, Namespace = initiated.Namespace, NamespaceId = initiated.NamespaceId,
                WorkflowExecution = initiated.WorkflowExecution, Control = initiated.Control,
            };
        }
        Append(outcome);
        State.ExternalSignals.Remove(info.InitiatedEventId);
        ScheduleWorkflowTaskIfNeeded();
    }

    public void ExternalCancelOutcome(ExternalRequestInfo info, bool delivered)
    {
        var initiated = HistoryEvent.Parser.ParseFrom(info.InitiatedEvent).RequestCancelExternalWorkflowExecutionInitiatedEventAttributes;
        HistoryEvent outcome;
        if (delivered)
        {
            outcome = NewEvent(EventType.ExternalWorkflowExecutionCancelRequested);
            outcome.ExternalWorkflowExecutionCancelRequestedEventAttributes = new ExternalWorkflowExecutionCancelRequestedEventAttributes
            {
                InitiatedEventId = info.InitiatedEventId, Namespace = initiated.Namespace, NamespaceId = initiated.NamespaceId,
                WorkflowExecution = initiated.WorkflowExecution,
            };
        }
        else
        {
            outcome = NewEvent(EventType.RequestCancelExternalWorkflowExecutionFailed);
            outcome.RequestCancelExternalWorkflowExecutionFailedEventAttributes = new RequestCancelExternalWorkflowExecutionFailedEventAttributes
            {
                Cause = CancelExternalWorkflowExecutionFailedCause.ExternalWorkflowExecutionNotFound,
                InitiatedEventId = info.InitiatedEventId, Namespace = initiated.Namespace, NamespaceId = initiated.NamespaceId,
                WorkflowExecution = initiated.WorkflowExecution, Control = initiated.Control,
            };
        }
        Append(outcome);
        State.ExternalCancels.Remove(info.InitiatedEventId);
        ScheduleWorkflowTaskIfNeeded();
    }
}
