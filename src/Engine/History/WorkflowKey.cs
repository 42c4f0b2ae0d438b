namespace Fencepost.Engine.History;

/// <summary>Identifies one run.</summary>
public readonly record struct WorkflowKey(Guid NamespaceId, string WorkflowId, Guid RunId)
{
    public override string ToString() => $"{WorkflowId}/{RunId}";
}
