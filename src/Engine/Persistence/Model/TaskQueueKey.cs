namespace Fencepost.Engine.Persistence.Model;

/// <summary>One partition of a task queue. <see cref="TaskType"/>: 1 = workflow, 2 = activity (Temporal's TaskQueueType).</summary>
public readonly record struct TaskQueueKey(Guid NamespaceId, string Name, int TaskType, int Partition)
{
    public override string ToString() => $"{Name}/{(TaskType == 1 ? "workflow" : "activity")}/{Partition}";
}
