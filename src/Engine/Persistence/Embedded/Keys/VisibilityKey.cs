namespace Fencepost.Engine.Persistence.Embedded.Keys;

/// <summary>executions_visibility's primary key: (namespace, run id).</summary>
internal readonly record struct VisibilityKey(Guid NamespaceId, Guid RunId) : IComparable<VisibilityKey>
{
    public int CompareTo(VisibilityKey other)
    {
        var c = NamespaceId.CompareTo(other.NamespaceId);
        return c != 0 ? c : RunId.CompareTo(other.RunId);
    }

    public override string ToString() => $"{NamespaceId}/{RunId}";
}
