using System.Globalization;
using Google.Protobuf;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace Fencepost.ConsoleWeb.Workflows;

/// <summary>
/// One line per history event with the fields an operator looks for (the compact view), and each
/// event in full as indented JSON (the full view).
/// </summary>
public static class HistoryEventText
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithIndentation("  ").WithFormatDefaultValues(false));

    /// <summary>"WorkflowExecutionStarted" rather than EVENT_TYPE_WORKFLOW_EXECUTION_STARTED.</summary>
    public static string TypeName(HistoryEvent e) => e.EventType.ToString();

    public static string Full(HistoryEvent e) => Formatter.Format(e);

    /// <summary>The meaningful fields of <paramref name="e"/> on one line; empty when it has none worth showing.</summary>
    public static string Summary(HistoryEvent e) => e.AttributesCase switch
    {
        HistoryEvent.AttributesOneofCase.WorkflowExecutionStartedEventAttributes => Join(
            ("type", e.WorkflowExecutionStartedEventAttributes.WorkflowType?.Name),
            ("taskQueue", e.WorkflowExecutionStartedEventAttributes.TaskQueue?.Name),
            ("input", PayloadText.Of(e.WorkflowExecutionStartedEventAttributes.Input)),
            ("attempt", Attempt(e.WorkflowExecutionStartedEventAttributes.Attempt)),
            ("identity", e.WorkflowExecutionStartedEventAttributes.Identity)),
        HistoryEvent.AttributesOneofCase.WorkflowExecutionCompletedEventAttributes => Join(
            ("result", PayloadText.Of(e.WorkflowExecutionCompletedEventAttributes.Result)),
            ("newRun", e.WorkflowExecutionCompletedEventAttributes.NewExecutionRunId)),
        HistoryEvent.AttributesOneofCase.WorkflowExecutionFailedEventAttributes => Join(
            ("failure", Failure(e.WorkflowExecutionFailedEventAttributes.Failure)),
            ("retryState", RetryState(e.WorkflowExecutionFailedEventAttributes.RetryState)),
            ("newRun", e.WorkflowExecutionFailedEventAttributes.NewExecutionRunId)),
        HistoryEvent.AttributesOneofCase.WorkflowExecutionTimedOutEventAttributes => Join(
            ("retryState", RetryState(e.WorkflowExecutionTimedOutEventAttributes.RetryState)),
            ("newRun", e.WorkflowExecutionTimedOutEventAttributes.NewExecutionRunId)),
        HistoryEvent.AttributesOneofCase.WorkflowExecutionCanceledEventAttributes => Join(
            ("details", PayloadText.Of(e.WorkflowExecutionCanceledEventAttributes.Details))),
        HistoryEvent.AttributesOneofCase.WorkflowExecutionTerminatedEventAttributes => Join(
            ("reason", e.WorkflowExecutionTerminatedEventAttributes.Reason),
            ("identity", e.WorkflowExecutionTerminatedEventAttributes.Identity)),
        HistoryEvent.AttributesOneofCase.WorkflowExecutionContinuedAsNewEventAttributes => Join(
            ("newRun", e.WorkflowExecutionContinuedAsNewEventAttributes.NewExecutionRunId),
            ("input", PayloadText.Of(e.WorkflowExecutionContinuedAsNewEventAttributes.Input))),
        HistoryEvent.AttributesOneofCase.WorkflowExecutionSignaledEventAttributes => Join(
            ("signal", e.WorkflowExecutionSignaledEventAttributes.SignalName),
            ("input", PayloadText.Of(e.WorkflowExecutionSignaledEventAttributes.Input)),
            ("identity", e.WorkflowExecutionSignaledEventAttributes.Identity)),
        HistoryEvent.AttributesOneofCase.WorkflowExecutionUpdateAcceptedEventAttributes => Join(
            ("update", e.WorkflowExecutionUpdateAcceptedEventAttributes.AcceptedRequest?.Input?.Name),
            ("id", e.WorkflowExecutionUpdateAcceptedEventAttributes.ProtocolInstanceId),
            ("input", PayloadText.Of(e.WorkflowExecutionUpdateAcceptedEventAttributes.AcceptedRequest?.Input?.Args)),
            ("identity", e.WorkflowExecutionUpdateAcceptedEventAttributes.AcceptedRequest?.Meta?.Identity),
            ("reason", OperatorUpdate.ReasonOf(e.WorkflowExecutionUpdateAcceptedEventAttributes.AcceptedRequest?.Input?.Header))),
        HistoryEvent.AttributesOneofCase.WorkflowExecutionUpdateCompletedEventAttributes => Join(
            ("id", e.WorkflowExecutionUpdateCompletedEventAttributes.Meta?.UpdateId),
            ("result", PayloadText.Of(e.WorkflowExecutionUpdateCompletedEventAttributes.Outcome?.Success)),
            ("failure", Failure(e.WorkflowExecutionUpdateCompletedEventAttributes.Outcome?.Failure)),
            ("accepted", Id(e.WorkflowExecutionUpdateCompletedEventAttributes.AcceptedEventId))),
        HistoryEvent.AttributesOneofCase.WorkflowExecutionUpdateAdmittedEventAttributes => Join(
            ("update", e.WorkflowExecutionUpdateAdmittedEventAttributes.Request?.Input?.Name),
            ("id", e.WorkflowExecutionUpdateAdmittedEventAttributes.Request?.Meta?.UpdateId),
            ("input", PayloadText.Of(e.WorkflowExecutionUpdateAdmittedEventAttributes.Request?.Input?.Args))),
        HistoryEvent.AttributesOneofCase.WorkflowExecutionCancelRequestedEventAttributes => Join(
            ("cause", e.WorkflowExecutionCancelRequestedEventAttributes.Cause),
            ("identity", e.WorkflowExecutionCancelRequestedEventAttributes.Identity)),
        HistoryEvent.AttributesOneofCase.WorkflowTaskScheduledEventAttributes => Join(
            ("taskQueue", e.WorkflowTaskScheduledEventAttributes.TaskQueue?.Name),
            ("attempt", Attempt(e.WorkflowTaskScheduledEventAttributes.Attempt))),
        HistoryEvent.AttributesOneofCase.WorkflowTaskStartedEventAttributes => Join(
            ("identity", e.WorkflowTaskStartedEventAttributes.Identity)),
        HistoryEvent.AttributesOneofCase.WorkflowTaskCompletedEventAttributes => Join(
            ("identity", e.WorkflowTaskCompletedEventAttributes.Identity)),
        HistoryEvent.AttributesOneofCase.WorkflowTaskFailedEventAttributes => Join(
            ("cause", e.WorkflowTaskFailedEventAttributes.Cause.ToString()),
            ("failure", Failure(e.WorkflowTaskFailedEventAttributes.Failure))),
        HistoryEvent.AttributesOneofCase.WorkflowTaskTimedOutEventAttributes => Join(
            ("timeoutType", e.WorkflowTaskTimedOutEventAttributes.TimeoutType.ToString())),
        HistoryEvent.AttributesOneofCase.ActivityTaskScheduledEventAttributes => Join(
            ("activity", e.ActivityTaskScheduledEventAttributes.ActivityType?.Name),
            ("id", e.ActivityTaskScheduledEventAttributes.ActivityId),
            ("taskQueue", e.ActivityTaskScheduledEventAttributes.TaskQueue?.Name),
            ("input", PayloadText.Of(e.ActivityTaskScheduledEventAttributes.Input))),
        HistoryEvent.AttributesOneofCase.ActivityTaskStartedEventAttributes => Join(
            ("attempt", Attempt(e.ActivityTaskStartedEventAttributes.Attempt)),
            ("identity", e.ActivityTaskStartedEventAttributes.Identity),
            ("lastFailure", Failure(e.ActivityTaskStartedEventAttributes.LastFailure))),
        HistoryEvent.AttributesOneofCase.ActivityTaskCompletedEventAttributes => Join(
            ("result", PayloadText.Of(e.ActivityTaskCompletedEventAttributes.Result)),
            ("scheduled", Id(e.ActivityTaskCompletedEventAttributes.ScheduledEventId))),
        HistoryEvent.AttributesOneofCase.ActivityTaskFailedEventAttributes => Join(
            ("failure", Failure(e.ActivityTaskFailedEventAttributes.Failure)),
            ("retryState", RetryState(e.ActivityTaskFailedEventAttributes.RetryState)),
            ("scheduled", Id(e.ActivityTaskFailedEventAttributes.ScheduledEventId))),
        HistoryEvent.AttributesOneofCase.ActivityTaskTimedOutEventAttributes => Join(
            ("failure", Failure(e.ActivityTaskTimedOutEventAttributes.Failure)),
            ("scheduled", Id(e.ActivityTaskTimedOutEventAttributes.ScheduledEventId))),
        HistoryEvent.AttributesOneofCase.ActivityTaskCancelRequestedEventAttributes => Join(
            ("scheduled", Id(e.ActivityTaskCancelRequestedEventAttributes.ScheduledEventId))),
        HistoryEvent.AttributesOneofCase.ActivityTaskCanceledEventAttributes => Join(
            ("scheduled", Id(e.ActivityTaskCanceledEventAttributes.ScheduledEventId))),
        HistoryEvent.AttributesOneofCase.TimerStartedEventAttributes => Join(
            ("timer", e.TimerStartedEventAttributes.TimerId),
            ("fireAfter", e.TimerStartedEventAttributes.StartToFireTimeout?.ToTimeSpan().ToString("c", CultureInfo.InvariantCulture))),
        HistoryEvent.AttributesOneofCase.TimerFiredEventAttributes => Join(("timer", e.TimerFiredEventAttributes.TimerId)),
        HistoryEvent.AttributesOneofCase.TimerCanceledEventAttributes => Join(("timer", e.TimerCanceledEventAttributes.TimerId)),
        HistoryEvent.AttributesOneofCase.StartChildWorkflowExecutionInitiatedEventAttributes => Join(
            ("child", e.StartChildWorkflowExecutionInitiatedEventAttributes.WorkflowId),
            ("type", e.StartChildWorkflowExecutionInitiatedEventAttributes.WorkflowType?.Name)),
        HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionStartedEventAttributes => Join(
            ("child", e.ChildWorkflowExecutionStartedEventAttributes.WorkflowExecution?.WorkflowId),
            ("run", e.ChildWorkflowExecutionStartedEventAttributes.WorkflowExecution?.RunId)),
        HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionCompletedEventAttributes => Join(
            ("child", e.ChildWorkflowExecutionCompletedEventAttributes.WorkflowExecution?.WorkflowId),
            ("result", PayloadText.Of(e.ChildWorkflowExecutionCompletedEventAttributes.Result))),
        HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionFailedEventAttributes => Join(
            ("child", e.ChildWorkflowExecutionFailedEventAttributes.WorkflowExecution?.WorkflowId),
            ("failure", Failure(e.ChildWorkflowExecutionFailedEventAttributes.Failure))),
        HistoryEvent.AttributesOneofCase.MarkerRecordedEventAttributes => Join(("marker", e.MarkerRecordedEventAttributes.MarkerName)),
        HistoryEvent.AttributesOneofCase.SignalExternalWorkflowExecutionInitiatedEventAttributes => Join(
            ("target", e.SignalExternalWorkflowExecutionInitiatedEventAttributes.WorkflowExecution?.WorkflowId),
            ("signal", e.SignalExternalWorkflowExecutionInitiatedEventAttributes.SignalName)),
        _ => "",
    };

    /// <summary>The failure's message and, when it has one, its cause's.</summary>
    public static string Failure(Failure? failure)
    {
        if (failure is null)
        {
            return "";
        }
        var text = failure.Message;
        return failure.Cause is { } cause && cause.Message.Length > 0 ? $"{text} (cause: {cause.Message})" : text;
    }

    private static string? Attempt(int attempt) => attempt > 1 ? attempt.ToString(CultureInfo.InvariantCulture) : null;

    private static string? Id(long id) => id > 0 ? id.ToString(CultureInfo.InvariantCulture) : null;

    private static string? RetryState(RetryState state) => state is Temporalio.Api.Enums.V1.RetryState.Unspecified ? null : state.ToString();

    private static string Join(params (string Name, string? Value)[] fields) =>
        string.Join("  ", fields.Where(f => !string.IsNullOrEmpty(f.Value)).Select(f => $"{f.Name}: {f.Value}"));
}
