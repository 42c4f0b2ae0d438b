using System.Text.Json;
using Fencepost.Engine.Cluster.Rpc;
using Fencepost.Engine.Errors;
using Fencepost.Engine.Matching;

namespace Fencepost.Engine.Cluster.Routing;

/// <summary>
/// Hands a task to the matching host that owns its task queue: in process when that is this node,
/// else over <see cref="ClusterRpcMethods.DispatchTask"/>. Failures propagate, so the transfer
/// queue keeps the task and retries it (against the then current owner); an unreachable owner is
/// reported as UNAVAILABLE, which the queue retries without ever dead-lettering the task.
/// </summary>
internal sealed class RoutedMatchingDispatcher(ClusterRoutingTable routes, PeerChannels channels, MatchingEngine matching, TimeProvider timeProvider) : IMatchingDispatcher
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    public async Task AddTaskAsync(Guid namespaceId, string namespaceName, string taskQueue, int taskType, MatchingTaskData data, CancellationToken cancellationToken)
    {
        if (!routes.HasMatchingHosts)
        {
            throw ServiceErrorException.Unavailable($"No live matching host for task queue {taskQueue} yet.");
        }
        if (routes.MatchingOwner(namespaceName, taskQueue) is not { } owner)
        {
            await matching.AddTaskAsync(namespaceId, namespaceName, taskQueue, taskType, data, cancellationToken).ConfigureAwait(false);
            return;
        }
        var request = JsonSerializer.SerializeToUtf8Bytes(new DispatchTaskRequest(namespaceId, namespaceName, taskQueue, taskType, data), ClusterRpcJsonContext.Default.DispatchTaskRequest);
        await channels.CallAsync(owner, ClusterRpcMethods.DispatchTask, request, (timeProvider.GetUtcNow() + CallTimeout).UtcDateTime,
            $"Matching host {owner.HostId} for task queue {taskQueue}", routes.RequestRefresh, cancellationToken).ConfigureAwait(false);
    }
}
