using Fencepost.Engine.History;
using Google.Protobuf;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace Fencepost.Engine.Tests.History;

/// <summary>Commands carrying a payload over the limit fail the task and terminate the workflow.</summary>
public class CommandPayloadLimitsTests
{
    private static Payloads Blob(int bytes) => new() { Payloads_ = { new Payload { Data = ByteString.CopyFrom(new byte[bytes]) } } };

    public static TheoryData<Command, WorkflowTaskFailedCause> Oversized() => new()
    {
        { new Command { CommandType = CommandType.CompleteWorkflowExecution, CompleteWorkflowExecutionCommandAttributes = new() { Result = Blob(1_500_000) } }, WorkflowTaskFailedCause.BadCompleteWorkflowExecutionAttributes },
        { new Command { CommandType = CommandType.ScheduleActivityTask, ScheduleActivityTaskCommandAttributes = new() { ActivityId = "a", Input = Blob(1_500_000) } }, WorkflowTaskFailedCause.BadScheduleActivityAttributes },
        { new Command { CommandType = CommandType.StartChildWorkflowExecution, StartChildWorkflowExecutionCommandAttributes = new() { WorkflowId = "c", Input = Blob(1_500_000) } }, WorkflowTaskFailedCause.BadStartChildExecutionAttributes },
        { new Command { CommandType = CommandType.SignalExternalWorkflowExecution, SignalExternalWorkflowExecutionCommandAttributes = new() { SignalName = "s", Input = Blob(1_500_000) } }, WorkflowTaskFailedCause.BadSignalWorkflowExecutionAttributes },
        { new Command { CommandType = CommandType.ContinueAsNewWorkflowExecution, ContinueAsNewWorkflowExecutionCommandAttributes = new() { Input = Blob(1_500_000) } }, WorkflowTaskFailedCause.BadContinueAsNewAttributes },
        { new Command { CommandType = CommandType.RecordMarker, RecordMarkerCommandAttributes = new() { MarkerName = "m", Details = { ["d"] = Blob(1_500_000) } } }, WorkflowTaskFailedCause.BadRecordMarkerAttributes },
    };

    [Theory]
    [MemberData(nameof(Oversized))]
    public void Check_PayloadOverTheLimit_FailsTheTaskWithTheCommandsCauseAndTerminates(Command command, WorkflowTaskFailedCause cause)
    {
        var error = Assert.Throws<CommandValidationException>(() => CommandPayloadLimits.Check(command));

        Assert.Equal(cause, error.Cause);
        Assert.True(error.TerminatesWorkflow);
        Assert.EndsWith("a payload may be at most 1,000,000 bytes (1 MB).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_PayloadWithinTheLimit_Accepted() =>
        CommandPayloadLimits.Check(new Command
        {
            CommandType = CommandType.CompleteWorkflowExecution,
            CompleteWorkflowExecutionCommandAttributes = new() { Result = Blob(PayloadLimits.MaxBlobBytes - 100) },
        });
}
