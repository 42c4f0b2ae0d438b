namespace Fencepost.Engine.History.CrossShard;

/// <summary>
/// A parent's StartChild transfer task asks the child's shard to start the child run. The child's
/// request id is derived from the parent run and the initiated event id, so a retried request (the
/// answer was lost, the shard moved) finds the run it already started instead of starting another.
/// </summary>
internal sealed record ChildStartRequest(
    Guid ChildNamespaceId,
    string ChildWorkflowId,
    byte[] InitiatedEvent,
    long InitiatedEventId,
    Guid ParentNamespaceId,
    string ParentNamespace,
    string ParentWorkflowId,
    Guid ParentRunId,
    string RootWorkflowId,
    string RootRunId);
