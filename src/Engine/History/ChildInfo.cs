namespace Fencepost.Engine.History;

/// <summary>A pending child workflow, from initiation until its close is recorded in the parent.</summary>
internal sealed class ChildInfo
{
    public long InitiatedEventId { get; set; }
    public long StartedEventId { get; set; }
    public string Namespace { get; set; } = "";
    public Guid NamespaceId { get; set; }
    public string WorkflowId { get; set; } = "";
    public Guid RunId { get; set; }
    public string WorkflowType { get; set; } = "";
    public int ParentClosePolicy { get; set; }
    /// <summary>The serialized StartChildWorkflowExecutionInitiated event.</summary>
    public byte[] InitiatedEvent { get; set; } = [];
}
