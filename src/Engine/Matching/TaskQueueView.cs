using Fencepost.Engine.Introspection;

namespace Fencepost.Engine.Matching;

internal sealed class TaskQueueView(MatchingEngine matching) : ITaskQueueView
{
    public IReadOnlyList<TaskQueueSnapshot> GetTaskQueues() =>
        [.. matching.Queues
            .OrderBy(q => q.NamespaceName, StringComparer.Ordinal).ThenBy(q => q.Name, StringComparer.Ordinal).ThenBy(q => q.TaskType)
            .Select(q => new TaskQueueSnapshot(q.NamespaceName, q.Name, q.TaskType, q.Partitions.Count, q.BacklogCount, q.WaitingPollers, [.. q.Pollers]))];
}
