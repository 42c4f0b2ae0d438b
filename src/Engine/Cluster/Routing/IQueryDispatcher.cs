using Fencepost.Engine.Matching;
using Fencepost.Engine.Namespaces;

namespace Fencepost.Engine.Cluster.Routing;

/// <summary>
/// The workflow's history node hands a settled query to the pollers of the workflow's task queue,
/// wherever that queue's matching runs. The answer always comes back to this node's
/// <see cref="MatchingEngine.CompleteQuery"/> (a query task token routes to the workflow's history node).
/// </summary>
internal interface IQueryDispatcher
{
    Task DispatchAsync(NamespaceEntry ns, string taskQueue, QueryTask query, CancellationToken cancellationToken);
}
