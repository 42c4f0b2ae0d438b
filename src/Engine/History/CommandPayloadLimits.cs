using Google.Protobuf;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;

namespace Fencepost.Engine.History;

/// <summary>
/// The payloads a workflow task's commands carry, checked against <see cref="PayloadLimits"/>
/// before anything is applied. A command over the limit fails the workflow task with the
/// command's BAD_..._ATTRIBUTES cause and terminates the workflow, as Temporal's server does:
/// replaying would produce the same command, so retrying the task could never succeed.
/// </summary>
internal static class CommandPayloadLimits
{
    public static void Check(Command command)
    {
        switch (command.CommandType)
        {
            case CommandType.CompleteWorkflowExecution:
                Require(WorkflowTaskFailedCause.BadCompleteWorkflowExecutionAttributes,
                    (command.CompleteWorkflowExecutionCommandAttributes?.Result, "CompleteWorkflowExecutionCommandAttributes.Result"));
                break;
            case CommandType.FailWorkflowExecution:
                Require(WorkflowTaskFailedCause.BadFailWorkflowExecutionAttributes,
                    (command.FailWorkflowExecutionCommandAttributes?.Failure, "FailWorkflowExecutionCommandAttributes.Failure"));
                break;
            case CommandType.CancelWorkflowExecution:
                Require(WorkflowTaskFailedCause.BadCancelWorkflowExecutionAttributes,
                    (command.CancelWorkflowExecutionCommandAttributes?.Details, "CancelWorkflowExecutionCommandAttributes.Details"));
                break;
            case CommandType.ScheduleActivityTask:
                var activity = command.ScheduleActivityTaskCommandAttributes;
                Require(WorkflowTaskFailedCause.BadScheduleActivityAttributes,
                    (activity?.Input, "ScheduleActivityTaskCommandAttributes.Input"), (activity?.Header, "ScheduleActivityTaskCommandAttributes.Header"));
                break;
            case CommandType.StartChildWorkflowExecution:
                var child = command.StartChildWorkflowExecutionCommandAttributes;
                Require(WorkflowTaskFailedCause.BadStartChildExecutionAttributes,
                    (child?.Input, "StartChildWorkflowExecutionCommandAttributes.Input"), (child?.Memo, "StartChildWorkflowExecutionCommandAttributes.Memo"),
                    (child?.SearchAttributes, "StartChildWorkflowExecutionCommandAttributes.SearchAttributes"), (child?.Header, "StartChildWorkflowExecutionCommandAttributes.Header"));
                break;
            case CommandType.SignalExternalWorkflowExecution:
                var signal = command.SignalExternalWorkflowExecutionCommandAttributes;
                Require(WorkflowTaskFailedCause.BadSignalWorkflowExecutionAttributes,
                    (signal?.Input, "SignalExternalWorkflowExecutionCommandAttributes.Input"), (signal?.Header, "SignalExternalWorkflowExecutionCommandAttributes.Header"));
                break;
            case CommandType.ContinueAsNewWorkflowExecution:
                var next = command.ContinueAsNewWorkflowExecutionCommandAttributes;
                Require(WorkflowTaskFailedCause.BadContinueAsNewAttributes,
                    (next?.Input, "ContinueAsNewWorkflowExecutionCommandAttributes.Input"), (next?.Memo, "ContinueAsNewWorkflowExecutionCommandAttributes.Memo"),
                    (next?.SearchAttributes, "ContinueAsNewWorkflowExecutionCommandAttributes.SearchAttributes"), (next?.Header, "ContinueAsNewWorkflowExecutionCommandAttributes.Header"),
                    (next?.LastCompletionResult, "ContinueAsNewWorkflowExecutionCommandAttributes.LastCompletionResult"), (next?.Failure, "ContinueAsNewWorkflowExecutionCommandAttributes.Failure"));
                break;
            case CommandType.RecordMarker:
                var marker = command.RecordMarkerCommandAttributes;
                Require(WorkflowTaskFailedCause.BadRecordMarkerAttributes, (marker?.Failure, "RecordMarkerCommandAttributes.Failure"));
                foreach (var (name, details) in marker?.Details ?? [])
                {
                    Require(WorkflowTaskFailedCause.BadRecordMarkerAttributes, (details, $"RecordMarkerCommandAttributes.Details[{name}]"));
                }
                break;
            case CommandType.UpsertWorkflowSearchAttributes:
                Require(WorkflowTaskFailedCause.BadSearchAttributes,
                    (command.UpsertWorkflowSearchAttributesCommandAttributes?.SearchAttributes, "UpsertWorkflowSearchAttributesCommandAttributes.SearchAttributes"));
                break;
            case CommandType.ModifyWorkflowProperties:
                Require(WorkflowTaskFailedCause.BadModifyWorkflowPropertiesAttributes,
                    (command.ModifyWorkflowPropertiesCommandAttributes?.UpsertedMemo, "ModifyWorkflowPropertiesCommandAttributes.UpsertedMemo"));
                break;
        }
    }

    private static void Require(WorkflowTaskFailedCause cause, params (IMessage? Blob, string What)[] blobs)
    {
        foreach (var (blob, what) in blobs)
        {
            if (PayloadLimits.Problem(blob, what) is { } problem)
            {
                throw new CommandValidationException(cause, problem, terminatesWorkflow: true);
            }
        }
    }
}
