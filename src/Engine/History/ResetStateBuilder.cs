using Fencepost.Engine.History.Updates;
using Google.Protobuf;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Workflow.V1;

namespace Fencepost.Engine.History;

/// <summary>
/// Rebuilds a run's mutable state from a prefix of another run's history (Temporal's state
/// rebuilder, as the resetter uses it): what was pending when the prefix ends (workflow task,
/// activities, timers, children, external requests, updates) and what the workflow had set (memo,
/// search attributes, cancel request). Pure: it makes no tasks; the reset re-arms them.
/// </summary>
internal static class ResetStateBuilder
{
    public static MutableState Rebuild(MutableState baseState, IReadOnlyList<HistoryEvent> prefix, Guid newRunId, string requestId, DateTimeOffset now)
    {
        var start = prefix[0].WorkflowExecutionStartedEventAttributes
            ?? throw new InvalidOperationException("A history starts with WorkflowExecutionStarted.");
        var state = new MutableState
        {
            NamespaceId = baseState.NamespaceId,
            Namespace = baseState.Namespace,
            WorkflowId = baseState.WorkflowId,
            RunId = newRunId,
            FirstRunId = baseState.FirstRunId,
            WorkflowType = baseState.WorkflowType,
            TaskQueue = baseState.TaskQueue,
            CreateRequestId = requestId,
            StartTime = now,
            ExecutionTime = now,
            TaskTimeout = baseState.TaskTimeout,
            RunTimeout = baseState.RunTimeout,
            ExecutionTimeout = baseState.ExecutionTimeout,
            ExecutionExpiration = baseState.ExecutionExpiration,
            ParentNamespaceId = baseState.ParentNamespaceId,
            ParentNamespace = baseState.ParentNamespace,
            ParentWorkflowId = baseState.ParentWorkflowId,
            ParentRunId = baseState.ParentRunId,
            ParentInitiatedEventId = baseState.ParentInitiatedEventId,
            Memo = start.Memo is null ? null : start.Memo.ToByteArray(),
            SearchAttributes = start.SearchAttributes is null ? null : start.SearchAttributes.ToByteArray(),
            Attempt = Math.Max(1, start.Attempt),
            ChainStart = baseState.ChainStart,
            RootWorkflowId = baseState.RootWorkflowId,
            RootRunId = baseState.RootRunId,
            ScheduledBy = baseState.ScheduledBy,
            NextEventId = prefix.Count + 1,
            AutoResetPoints = InheritedResetPoints(baseState, prefix.Count + 1),
        };
        foreach (var historyEvent in prefix)
        {
            state.HistorySizeBytes += historyEvent.CalculateSize();
            Apply(state, historyEvent);
        }
        return state;
    }

    /// <summary>The base run's reset points that lie before the reset point (in the base run, or in runs before it).</summary>
    private static byte[]? InheritedResetPoints(MutableState baseState, long finishEventId)
    {
        if (baseState.AutoResetPoints is null)
        {
            return null;
        }
        var points = ResetPoints.Parser.ParseFrom(baseState.AutoResetPoints);
        var baseRunId = baseState.RunId.ToString();
        var kept = new ResetPoints();
        kept.Points.AddRange(points.Points.Where(p => p.RunId != baseRunId || p.FirstWorkflowTaskCompletedId <= finishEventId));
        return kept.ToByteArray();
    }

    private static void Apply(MutableState state, HistoryEvent e)
    {
        switch (e.EventType)
        {
            case EventType.WorkflowTaskScheduled:
                state.WorkflowTask = new WorkflowTaskInfo
                {
                    ScheduledEventId = e.EventId,
                    Attempt = Math.Max(1, e.WorkflowTaskScheduledEventAttributes.Attempt),
                    ScheduledTime = e.EventTime.ToDateTimeOffset(),
                };
                break;
            case EventType.WorkflowTaskStarted when state.WorkflowTask is { } task:
                task.StartedEventId = e.EventId;
                task.StartedTime = e.EventTime.ToDateTimeOffset();
                task.StartRequestId = e.WorkflowTaskStartedEventAttributes.RequestId;
                task.Identity = e.WorkflowTaskStartedEventAttributes.Identity;
                break;
            case EventType.WorkflowTaskCompleted:
                state.LastCompletedWorkflowTaskStartedEventId = e.WorkflowTaskCompletedEventAttributes.StartedEventId;
                state.WorkflowTask = null;
                break;
            case EventType.WorkflowTaskFailed or EventType.WorkflowTaskTimedOut:
                state.WorkflowTask = null;
                break;
            case EventType.ActivityTaskScheduled:
                var scheduled = e.ActivityTaskScheduledEventAttributes;
                state.Activities[e.EventId] = new ActivityInfo
                {
                    ScheduledEventId = e.EventId,
                    ActivityId = scheduled.ActivityId,
                    ScheduledEvent = e.ToByteArray(),
                    FirstScheduledTime = e.EventTime.ToDateTimeOffset(),
                    ScheduledTime = e.EventTime.ToDateTimeOffset(),
                };
                break;
            case EventType.ActivityTaskCancelRequested when state.Activities.TryGetValue(e.ActivityTaskCancelRequestedEventAttributes.ScheduledEventId, out var canceling):
                canceling.CancelRequested = true;
                break;
            case EventType.ActivityTaskCompleted:
                state.Activities.Remove(e.ActivityTaskCompletedEventAttributes.ScheduledEventId);
                break;
            case EventType.ActivityTaskFailed:
                state.Activities.Remove(e.ActivityTaskFailedEventAttributes.ScheduledEventId);
                break;
            case EventType.ActivityTaskTimedOut:
                state.Activities.Remove(e.ActivityTaskTimedOutEventAttributes.ScheduledEventId);
                break;
            case EventType.ActivityTaskCanceled:
                state.Activities.Remove(e.ActivityTaskCanceledEventAttributes.ScheduledEventId);
                break;
            case EventType.TimerStarted:
                var timer = e.TimerStartedEventAttributes;
                state.Timers[timer.TimerId] = new TimerInfo
                {
                    TimerId = timer.TimerId,
                    StartedEventId = e.EventId,
                    ExpiryTime = e.EventTime.ToDateTimeOffset() + (timer.StartToFireTimeout?.ToTimeSpan() ?? TimeSpan.Zero),
                };
                break;
            case EventType.TimerFired:
                state.Timers.Remove(e.TimerFiredEventAttributes.TimerId);
                break;
            case EventType.TimerCanceled:
                state.Timers.Remove(e.TimerCanceledEventAttributes.TimerId);
                break;
            case EventType.StartChildWorkflowExecutionInitiated:
                var child = e.StartChildWorkflowExecutionInitiatedEventAttributes;
                state.Children[e.EventId] = new ChildInfo
                {
                    InitiatedEventId = e.EventId,
                    Namespace = child.Namespace,
                    NamespaceId = Guid.TryParse(child.NamespaceId, out var childNamespace) ? childNamespace : state.NamespaceId,
                    WorkflowId = child.WorkflowId,
                    WorkflowType = child.WorkflowType?.Name ?? "",
                    ParentClosePolicy = (int)child.ParentClosePolicy,
                    InitiatedEvent = e.ToByteArray(),
                };
                break;
            case EventType.ChildWorkflowExecutionStarted when state.Children.TryGetValue(e.ChildWorkflowExecutionStartedEventAttributes.InitiatedEventId, out var startedChild):
                startedChild.StartedEventId = e.EventId;
                startedChild.RunId = Guid.TryParse(e.ChildWorkflowExecutionStartedEventAttributes.WorkflowExecution?.RunId, out var childRun) ? childRun : Guid.Empty;
                break;
            case EventType.StartChildWorkflowExecutionFailed:
                state.Children.Remove(e.StartChildWorkflowExecutionFailedEventAttributes.InitiatedEventId);
                break;
            case EventType.ChildWorkflowExecutionCompleted:
                state.Children.Remove(e.ChildWorkflowExecutionCompletedEventAttributes.InitiatedEventId);
                break;
            case EventType.ChildWorkflowExecutionFailed:
                state.Children.Remove(e.ChildWorkflowExecutionFailedEventAttributes.InitiatedEventId);
                break;
            case EventType.ChildWorkflowExecutionCanceled:
                state.Children.Remove(e.ChildWorkflowExecutionCanceledEventAttributes.InitiatedEventId);
                break;
            case EventType.ChildWorkflowExecutionTimedOut:
                state.Children.Remove(e.ChildWorkflowExecutionTimedOutEventAttributes.InitiatedEventId);
                break;
            case EventType.ChildWorkflowExecutionTerminated:
                state.Children.Remove(e.ChildWorkflowExecutionTerminatedEventAttributes.InitiatedEventId);
                break;
            case EventType.SignalExternalWorkflowExecutionInitiated:
                state.ExternalSignals[e.EventId] = new ExternalRequestInfo { InitiatedEventId = e.EventId, InitiatedEvent = e.ToByteArray(), RequestId = Guid.NewGuid().ToString() };
                break;
            case EventType.ExternalWorkflowExecutionSignaled:
                state.ExternalSignals.Remove(e.ExternalWorkflowExecutionSignaledEventAttributes.InitiatedEventId);
                break;
            case EventType.SignalExternalWorkflowExecutionFailed:
                state.ExternalSignals.Remove(e.SignalExternalWorkflowExecutionFailedEventAttributes.InitiatedEventId);
                break;
            case EventType.RequestCancelExternalWorkflowExecutionInitiated:
                state.ExternalCancels[e.EventId] = new ExternalRequestInfo { InitiatedEventId = e.EventId, InitiatedEvent = e.ToByteArray(), RequestId = Guid.NewGuid().ToString() };
                break;
            case EventType.ExternalWorkflowExecutionCancelRequested:
                state.ExternalCancels.Remove(e.ExternalWorkflowExecutionCancelRequestedEventAttributes.InitiatedEventId);
                break;
            case EventType.RequestCancelExternalWorkflowExecutionFailed:
                state.ExternalCancels.Remove(e.RequestCancelExternalWorkflowExecutionFailedEventAttributes.InitiatedEventId);
                break;
            case EventType.WorkflowExecutionSignaled:
                state.SignalCount++;
                break;
            case EventType.WorkflowExecutionCancelRequested:
                state.CancelRequested = true;
                break;
            case EventType.UpsertWorkflowSearchAttributes:
                state.SearchAttributes = CommandProcessor.MergeSearchAttributes(state.SearchAttributes, e.UpsertWorkflowSearchAttributesEventAttributes.SearchAttributes);
                break;
            case EventType.WorkflowPropertiesModified:
                state.Memo = CommandProcessor.MergeMemo(state.Memo, e.WorkflowPropertiesModifiedEventAttributes.UpsertedMemo);
                break;
            case EventType.WorkflowExecutionUpdateAccepted:
                state.Updates[e.WorkflowExecutionUpdateAcceptedEventAttributes.AcceptedRequest?.Meta?.UpdateId ?? e.WorkflowExecutionUpdateAcceptedEventAttributes.ProtocolInstanceId]
                    = new UpdateInfo { AcceptedEventId = e.EventId };
                break;
            case EventType.WorkflowExecutionUpdateCompleted when state.Updates.TryGetValue(e.WorkflowExecutionUpdateCompletedEventAttributes.Meta?.UpdateId ?? "", out var update):
                update.CompletedEventId = e.EventId;
                break;
            default:
                break;
        }
    }
}
