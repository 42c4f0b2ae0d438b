namespace Fencepost.Engine.Persistence.Embedded.Keys;

/// <summary>task_queues' primary key: (namespace, name, type, partition).</summary>
internal readonly record struct TaskQueueRowKey(Guid NamespaceId, string Name, int TaskType, int Partition) : IComparable<TaskQueueRowKey>
{
    public int CompareTo(TaskQueueRowKey other)
    {
        var c = NamespaceId.CompareTo(other.NamespaceId);
        if (c != 0) return c;
        c = string.CompareOrdinal(Name, other.Name);
        if (c != 0) return c;
        c = TaskType.CompareTo(other.TaskType);
        return c != 0 ? c : Partition.CompareTo(other.Partition);
    }

    public override string ToString() => $"{NamespaceId}/{Name}/{TaskType}/{Partition}";
}
