using Fencepost.Engine.Cluster.Routing;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Frontend;

/// <summary>
/// The gRPC service instance for temporal.api.workflowservice.v1.WorkflowService. Every method is
/// bound by <see cref="WorkflowServiceMethodProvider"/> to <see cref="InvokeAsync"/>, which checks
/// the request (<see cref="RequestNormalizer"/>) and routes by method name to the handler table;
/// methods without a handler answer UNIMPLEMENTED. Whatever fails leaves as an RpcException, so
/// gRPC never answers UNKNOWN "Exception was thrown by handler".
/// </summary>
internal sealed class WorkflowServiceEndpoint(WorkflowServiceHandlers handlers, IWorkflowServiceForwarder forwarder, ILogger<WorkflowServiceEndpoint> logger)
{
    public async Task<IMessage> InvokeAsync(string methodName, IMessage request, ServerCallContext context)
    {
        try
        {
            RequestNormalizer.Normalize(request);
            // On a cluster node, a call about a workflow or task queue another node owns is proxied there.
            if (await forwarder.ForwardAsync(methodName, request, context).ConfigureAwait(false) is { } forwarded)
            {
                return forwarded;
            }
            if (handlers.TryGet(methodName, out var handler))
            {
                return await handler(request, context).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw RpcErrors.FromException(ex, methodName, logger);
        }
        throw new RpcException(new Status(StatusCode.Unimplemented, $"Method {methodName} is not served by Fencepost."));
    }
}
