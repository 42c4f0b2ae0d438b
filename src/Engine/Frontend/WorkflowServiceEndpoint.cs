using Fencepost.Engine.Cluster.Routing;
using Google.Protobuf;
using Grpc.Core;

namespace Fencepost.Engine.Frontend;

/// <summary>
/// The gRPC service instance for temporal.api.workflowservice.v1.WorkflowService. Every method is
/// bound by <see cref="WorkflowServiceMethodProvider"/> to <see cref="InvokeAsync"/>, which routes
/// by method name to the handler table; methods without a handler answer UNIMPLEMENTED.
/// </summary>
internal sealed class WorkflowServiceEndpoint(WorkflowServiceHandlers handlers, IWorkflowServiceForwarder forwarder)
{
    public async Task<IMessage> InvokeAsync(string methodName, IMessage request, ServerCallContext context)
    {
        // On a cluster node, a call about a workflow or task queue another node owns is proxied there.
        if (await forwarder.ForwardAsync(methodName, request, context).ConfigureAwait(false) is { } forwarded)
        {
            return forwarded;
        }
        if (handlers.TryGet(methodName, out var handler))
        {
            return await handler(request, context).ConfigureAwait(false);
        }
        throw new RpcException(new Status(StatusCode.Unimplemented, $"Method {methodName} is not served by Fencepost."));
    }
}
