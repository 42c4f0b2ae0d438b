using Google.Protobuf;
using Grpc.Core;

namespace Fencepost.Engine.Frontend;

/// <summary>Typed registration of one method's handler; the method name must exist in the service descriptor.</summary>
internal sealed class HandlerRegistrar(Dictionary<string, Func<IMessage, ServerCallContext, Task<IMessage>>> handlers)
{
    public void Add<TRequest, TResponse>(string method, Func<TRequest, ServerCallContext, Task<TResponse>> handler)
        where TRequest : IMessage
        where TResponse : IMessage
    {
        if (WorkflowServiceMethodProvider.Service.FindMethodByName(method) is null)
        {
            throw new ArgumentException($"WorkflowService has no method {method}.", nameof(method));
        }
        handlers.Add(method, async (request, context) =>
        {
            try
            {
                return await handler((TRequest)request, context).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not RpcException)
            {
                throw RpcErrors.FromException(ex);
            }
        });
    }
}
