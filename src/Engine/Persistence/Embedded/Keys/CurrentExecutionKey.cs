namespace Fencepost.Engine.Persistence.Embedded.Keys;

/// <summary>current_executions' primary key: (shard, namespace, workflow id).</summary>
internal readonly record struct CurrentExecutionKey(int ShardId, Guid NamespaceId, string WorkflowId) : IComparable<CurrentExecutionKey>
{
    public int CompareTo(CurrentExecutionKey other)
    {
        var c = ShardId.CompareTo(other.ShardId);
        if (c != 0) return c;
        c = NamespaceId.CompareTo(other.NamespaceId);
        return c != 0 ? c : string.CompareOrdinal(WorkflowId, other.WorkflowId);
    }

    public override string ToString() => $"{ShardId}/{NamespaceId}/{WorkflowId}";
}
