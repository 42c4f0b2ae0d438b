using Grpc.AspNetCore.Server.Model;

namespace Fencepost.Engine.Cluster.Rpc;

/// <summary>Binds <see cref="ClusterRpcMethods"/> to <see cref="ClusterRpcEndpoint"/> without generated code.</summary>
internal sealed class ClusterRpcMethodProvider : IServiceMethodProvider<ClusterRpcEndpoint>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<ClusterRpcEndpoint> context)
    {
        context.AddUnaryMethod(ClusterRpcMethods.DispatchTask, [], (endpoint, request, call) => endpoint.DispatchTaskAsync(request, call));
        context.AddUnaryMethod(ClusterRpcMethods.RecordTaskStarted, [], (endpoint, request, call) => endpoint.RecordTaskStartedAsync(request, call));
    }
}
