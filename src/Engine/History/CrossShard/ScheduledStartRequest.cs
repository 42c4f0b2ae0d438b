namespace Fencepost.Engine.History.CrossShard;

/// <summary>
/// A scheduler's ScheduleStart transfer task asks the shard of the action's workflow id to start it.
/// The request id and workflow id were fixed when the start was decided, so a retried request finds
/// the run it already started. <see cref="Action"/> is the schedule's NewWorkflowExecutionInfo.
/// </summary>
internal sealed record ScheduledStartRequest(
    Guid NamespaceId,
    string ScheduleId,
    string WorkflowId,
    string RequestId,
    byte[] Action,
    DateTimeOffset NominalTime,
    bool Manual,
    byte[]? LastCompletionResult,
    byte[]? ContinuedFailure);
