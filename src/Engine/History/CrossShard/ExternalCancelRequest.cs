namespace Fencepost.Engine.History.CrossShard;

/// <summary>
/// A RequestCancelExternalWorkflowExecution transfer task asks the target's shard to record the
/// cancel request (a run records at most one, so a retried request changes nothing).
/// </summary>
internal sealed record ExternalCancelRequest(
    Guid TargetNamespaceId,
    string TargetWorkflowId,
    byte[] InitiatedEvent,
    string RequestId,
    string SourceWorkflowId,
    Guid SourceRunId,
    long InitiatedEventId);
