namespace Fencepost.Engine.Persistence.Embedded.Keys;

/// <summary>tasks' primary key: (task queue partition, task id), so a partition's backlog reads as one range in id order.</summary>
internal readonly record struct MatchingTaskKey(TaskQueueRowKey Queue, long TaskId) : IComparable<MatchingTaskKey>
{
    public int CompareTo(MatchingTaskKey other)
    {
        var c = Queue.CompareTo(other.Queue);
        return c != 0 ? c : TaskId.CompareTo(other.TaskId);
    }

    public override string ToString() => $"{Queue}/{TaskId}";
}
