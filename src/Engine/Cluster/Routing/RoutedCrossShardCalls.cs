using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Fencepost.Engine.Cluster.Rpc;
using Fencepost.Engine.Errors;
using Fencepost.Engine.History;
using Fencepost.Engine.History.CrossShard;
using Grpc.Core;

namespace Fencepost.Engine.Cluster.Routing;

/// <summary>
/// Sends each cross-shard call to the history node the ring names for the target workflow's shard:
/// in process when that is this node, else over ClusterRpc. Failures propagate to the transfer
/// queue, which keeps the task and retries it; an unreachable owner or one that no longer holds
/// the shard (UNAVAILABLE) is retried without counting an attempt, against the owner of the then
/// current view. Retrying is safe because every call is idempotent on the target (request ids and
/// the parent's pending-child map), so a call that took effect but lost its answer acts once.
/// </summary>
internal sealed class RoutedCrossShardCalls(ClusterRoutingTable routes, PeerChannels channels, HistoryEngine history, TimeProvider timeProvider) : ICrossShardCalls
{
    /// <summary>Above the owner's own wait for a shard it is acquiring, so its UNAVAILABLE arrives first.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);

    public Task<ChildStartResult> StartChildAsync(ChildStartRequest request, CancellationToken cancellationToken) =>
        CallAsync(request.ChildNamespaceId, request.ChildWorkflowId, ClusterRpcMethods.StartChild, request,
            ClusterRpcJsonContext.Default.ChildStartRequest, ClusterRpcJsonContext.Default.ChildStartResult, history.StartChildRunAsync, cancellationToken);

    public Task<bool> RecordChildClosedAsync(ChildClosedNotice notice, CancellationToken cancellationToken) =>
        CallAsync(notice.ParentNamespaceId, notice.ParentWorkflowId, ClusterRpcMethods.RecordChildClosed, notice,
            ClusterRpcJsonContext.Default.ChildClosedNotice, ClusterRpcJsonContext.Default.Boolean, history.RecordChildClosedAsync, cancellationToken);

    public Task<ExternalSignalResult> SignalExternalAsync(ExternalSignalRequest request, CancellationToken cancellationToken) =>
        CallAsync(request.TargetNamespaceId, request.TargetWorkflowId, ClusterRpcMethods.SignalExternal, request,
            ClusterRpcJsonContext.Default.ExternalSignalRequest, ClusterRpcJsonContext.Default.ExternalSignalResult, history.DeliverExternalSignalAsync, cancellationToken);

    public Task<bool> RequestCancelExternalAsync(ExternalCancelRequest request, CancellationToken cancellationToken) =>
        CallAsync(request.TargetNamespaceId, request.TargetWorkflowId, ClusterRpcMethods.RequestCancelExternal, request,
            ClusterRpcJsonContext.Default.ExternalCancelRequest, ClusterRpcJsonContext.Default.Boolean, history.DeliverExternalCancelAsync, cancellationToken);

    public Task<bool> ApplyParentClosePolicyAsync(ParentCloseRequest request, CancellationToken cancellationToken) =>
        CallAsync(request.ChildNamespaceId, request.ChildWorkflowId, ClusterRpcMethods.ApplyParentClosePolicy, request,
            ClusterRpcJsonContext.Default.ParentCloseRequest, ClusterRpcJsonContext.Default.Boolean, history.ApplyParentClosePolicyAsync, cancellationToken);

    public Task<ScheduledStartResult> StartScheduledAsync(ScheduledStartRequest request, CancellationToken cancellationToken) =>
        CallAsync(request.NamespaceId, request.WorkflowId, ClusterRpcMethods.StartScheduled, request,
            ClusterRpcJsonContext.Default.ScheduledStartRequest, ClusterRpcJsonContext.Default.ScheduledStartResult, history.StartScheduledRunAsync, cancellationToken);

    public Task<bool> StopScheduledRunAsync(ScheduledStopRequest request, CancellationToken cancellationToken) =>
        CallAsync(request.NamespaceId, request.WorkflowId, ClusterRpcMethods.StopScheduledRun, request,
            ClusterRpcJsonContext.Default.ScheduledStopRequest, ClusterRpcJsonContext.Default.Boolean, history.StopScheduledRunAsync, cancellationToken);

    public Task<bool> RecordScheduledRunClosedAsync(ScheduledRunClosedNotice notice, CancellationToken cancellationToken) =>
        CallAsync(notice.NamespaceId, History.Schedules.SchedulerNames.WorkflowIdOf(notice.ScheduleId), ClusterRpcMethods.RecordScheduledRunClosed, notice,
            ClusterRpcJsonContext.Default.ScheduledRunClosedNotice, ClusterRpcJsonContext.Default.Boolean, history.RecordScheduledRunClosedAsync, cancellationToken);

    private async Task<TResult> CallAsync<TRequest, TResult>(Guid namespaceId, string workflowId, Method<byte[], byte[]> method, TRequest request,
        JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResult> resultType, Func<TRequest, CancellationToken, Task<TResult>> local, CancellationToken cancellationToken)
    {
        if (routes.HistoryOwner(namespaceId, workflowId) is not { } owner)
        {
            return await local(request, cancellationToken).ConfigureAwait(false);
        }
        byte[] response;
        try
        {
            response = await channels.CallAsync(owner, method, JsonSerializer.SerializeToUtf8Bytes(request, requestType),
                (timeProvider.GetUtcNow() + CallTimeout).UtcDateTime, $"History host {owner.HostId} for workflow {workflowId}", routes.RequestRefresh, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            // Anything but an unreachable owner is the target's own failure: it counts as an attempt, as it would in process.
            throw new ServiceErrorException(ex.StatusCode, $"{method.Name} on {owner.HostId} failed: {ex.Status.Detail}");
        }
        return JsonSerializer.Deserialize(response, resultType)
            ?? throw ServiceErrorException.Unavailable($"{method.Name} on {owner.HostId} answered nothing.");
    }
}
