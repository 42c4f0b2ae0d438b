using Fencepost.Engine.Matching;
using Fencepost.Engine.Namespaces;

namespace Fencepost.Engine.Cluster.Routing;

/// <summary>Every task queue is in this process.</summary>
internal sealed class LocalQueryDispatcher(MatchingEngine matching) : IQueryDispatcher
{
    public Task DispatchAsync(NamespaceEntry ns, string taskQueue, QueryTask query, CancellationToken cancellationToken)
    {
        matching.AddQuery(ns.Id, ns.Name, taskQueue, query);
        return Task.CompletedTask;
    }
}
