using Fencepost.Engine.Matching;

namespace Fencepost.Engine.Cluster.Routing;

/// <summary>History's way to hand a workflow or activity task to the matching that owns its task queue.</summary>
internal interface IMatchingDispatcher
{
    Task AddTaskAsync(Guid namespaceId, string namespaceName, string taskQueue, int taskType, MatchingTaskData data, CancellationToken cancellationToken);
}
