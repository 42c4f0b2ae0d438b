namespace Fencepost.Engine.Persistence.Embedded.Keys;

/// <summary>executions' primary key: (shard, namespace, workflow id, run id).</summary>
internal readonly record struct ExecutionKey(int ShardId, Guid NamespaceId, string WorkflowId, Guid RunId) : IComparable<ExecutionKey>
{
    public int CompareTo(ExecutionKey other)
    {
        var c = ShardId.CompareTo(other.ShardId);
        if (c != 0) return c;
        c = NamespaceId.CompareTo(other.NamespaceId);
        if (c != 0) return c;
        c = string.CompareOrdinal(WorkflowId, other.WorkflowId);
        return c != 0 ? c : RunId.CompareTo(other.RunId);
    }

    public override string ToString() => $"{ShardId}/{NamespaceId}/{WorkflowId}/{RunId}";
}
