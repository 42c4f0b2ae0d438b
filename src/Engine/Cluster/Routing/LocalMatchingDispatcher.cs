using Fencepost.Engine.Matching;

namespace Fencepost.Engine.Cluster.Routing;

/// <summary>Every task queue is in this process.</summary>
internal sealed class LocalMatchingDispatcher(MatchingEngine matching) : IMatchingDispatcher
{
    public Task AddTaskAsync(Guid namespaceId, string namespaceName, string taskQueue, int taskType, MatchingTaskData data, CancellationToken cancellationToken) =>
        matching.AddTaskAsync(namespaceId, namespaceName, taskQueue, taskType, data, cancellationToken);
}
