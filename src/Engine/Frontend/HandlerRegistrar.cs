using System.Diagnostics;
using Fencepost.Engine.Metrics;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Frontend;

/// <summary>Typed registration of one method's handler; the method name must exist in the service descriptor (WorkflowService unless given).</summary>
internal sealed class HandlerRegistrar(Dictionary<string, Func<IMessage, ServerCallContext, Task<IMessage>>> handlers, EngineInstruments instruments, ILogger logger,
    Google.Protobuf.Reflection.ServiceDescriptor? service = null)
{
    public void Add<TRequest, TResponse>(string method, Func<TRequest, ServerCallContext, Task<TResponse>> handler)
        where TRequest : IMessage
        where TResponse : IMessage
    {
        var descriptor = service ?? WorkflowServiceMethodProvider.Service;
        if (descriptor.FindMethodByName(method) is null)
        {
            throw new ArgumentException($"{descriptor.Name} has no method {method}.", nameof(method));
        }
        handlers.Add(method, async (request, context) =>
        {
            var started = Stopwatch.GetTimestamp();
            var status = "OK";
            try
            {
                return await handler((TRequest)request, context).ConfigureAwait(false);
            }
            catch (RpcException ex)
            {
                status = ex.StatusCode.ToString();
                throw;
            }
            catch (Exception ex)
            {
                var rpc = RpcErrors.FromException(ex, method, logger);
                status = rpc.StatusCode.ToString();
                throw rpc;
            }
            finally
            {
                instruments.RecordRpc(method, status, Stopwatch.GetElapsedTime(started));
            }
        });
    }
}
