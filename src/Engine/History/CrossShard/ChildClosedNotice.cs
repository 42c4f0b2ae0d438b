namespace Fencepost.Engine.History.CrossShard;

/// <summary>
/// A closed child's CloseExecution task tells the parent's shard how the child ended. Applying it
/// twice changes nothing: the parent records a child's close only while the child is pending.
/// </summary>
internal sealed record ChildClosedNotice(
    Guid ParentNamespaceId,
    string ParentWorkflowId,
    Guid ParentRunId,
    long InitiatedEventId,
    string ChildWorkflowId,
    Guid ChildFirstRunId,
    byte[] CloseEvent);
