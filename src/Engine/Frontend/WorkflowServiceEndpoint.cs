using Google.Protobuf;
using Grpc.Core;

namespace Fencepost.Engine.Frontend;

/// <summary>
/// The gRPC service instance for temporal.api.workflowservice.v1.WorkflowService. Every method is
/// bound by <see cref="WorkflowServiceMethodProvider"/> to <see cref="InvokeAsync"/>, which routes
/// by method name to the handler table; methods without a handler answer UNIMPLEMENTED.
/// </summary>
internal sealed class WorkflowServiceEndpoint(WorkflowServiceHandlers handlers)
{
    public Task<IMessage> InvokeAsync(string methodName, IMessage request, ServerCallContext context)
    {
        if (handlers.TryGet(methodName, out var handler))
        {
            return handler(request, context);
        }
        throw new RpcException(new Status(StatusCode.Unimplemented, $"Method {methodName} is not served by Fencepost."));
    }
}
