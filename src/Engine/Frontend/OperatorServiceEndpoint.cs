using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Frontend;

/// <summary>
/// The gRPC service instance for temporal.api.operatorservice.v1.OperatorService. Its methods act
/// on namespaces and the cluster, not on one workflow, so any node serves them (no forwarding).
/// Methods without a handler answer UNIMPLEMENTED.
/// </summary>
internal sealed class OperatorServiceEndpoint(OperatorServiceHandlers handlers, ILogger<OperatorServiceEndpoint> logger)
{
    public async Task<IMessage> InvokeAsync(string methodName, IMessage request, ServerCallContext context)
    {
        try
        {
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
