namespace Fencepost.Engine.Matching;

/// <summary>A task waiting to be group-committed to a partition's backlog, and who to tell when it is.</summary>
internal sealed class PendingBacklogWrite(MatchingTaskData data, Action<long> persisted)
{
    public MatchingTaskData Data { get; } = data;

    /// <summary>Called with the task's id, in id order, once its row is committed.</summary>
    public Action<long> Persisted { get; } = persisted;

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
