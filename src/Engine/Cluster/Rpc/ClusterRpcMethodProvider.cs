using Grpc.AspNetCore.Server.Model;

namespace Fencepost.Engine.Cluster.Rpc;

/// <summary>Binds <see cref="ClusterRpcMethods"/> to <see cref="ClusterRpcEndpoint"/> without generated code.</summary>
internal sealed class ClusterRpcMethodProvider : IServiceMethodProvider<ClusterRpcEndpoint>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<ClusterRpcEndpoint> context)
    {
        context.AddUnaryMethod(ClusterRpcMethods.DispatchTask, [], (endpoint, request, call) => endpoint.DispatchTaskAsync(request, call));
        context.AddUnaryMethod(ClusterRpcMethods.RecordTaskStarted, [], (endpoint, request, call) => endpoint.RecordTaskStartedAsync(request, call));
        context.AddUnaryMethod(ClusterRpcMethods.DispatchQuery, [], (endpoint, request, call) => endpoint.DispatchQueryAsync(request, call));
        context.AddUnaryMethod(ClusterRpcMethods.StartChild, [], (endpoint, request, call) => endpoint.StartChildAsync(request, call));
        context.AddUnaryMethod(ClusterRpcMethods.RecordChildClosed, [], (endpoint, request, call) => endpoint.RecordChildClosedAsync(request, call));
        context.AddUnaryMethod(ClusterRpcMethods.SignalExternal, [], (endpoint, request, call) => endpoint.SignalExternalAsync(request, call));
        context.AddUnaryMethod(ClusterRpcMethods.RequestCancelExternal, [], (endpoint, request, call) => endpoint.RequestCancelExternalAsync(request, call));
        context.AddUnaryMethod(ClusterRpcMethods.ApplyParentClosePolicy, [], (endpoint, request, call) => endpoint.ApplyParentClosePolicyAsync(request, call));
        context.AddUnaryMethod(ClusterRpcMethods.StartScheduled, [], (endpoint, request, call) => endpoint.StartScheduledAsync(request, call));
        context.AddUnaryMethod(ClusterRpcMethods.StopScheduledRun, [], (endpoint, request, call) => endpoint.StopScheduledRunAsync(request, call));
        context.AddUnaryMethod(ClusterRpcMethods.RecordScheduledRunClosed, [], (endpoint, request, call) => endpoint.RecordScheduledRunClosedAsync(request, call));
    }
}
