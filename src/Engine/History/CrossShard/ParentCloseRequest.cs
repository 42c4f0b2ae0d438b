namespace Fencepost.Engine.History.CrossShard;

/// <summary>
/// A closed parent's CloseExecution task applies its parent close policy (request cancel or
/// terminate) to one child chain on the child's shard; a child already closed is left alone, so a
/// retried request changes nothing.
/// </summary>
internal sealed record ParentCloseRequest(
    Guid ChildNamespaceId,
    string ChildWorkflowId,
    Guid ChildFirstRunId,
    int ParentClosePolicy,
    string ParentWorkflowId,
    Guid ParentRunId);
