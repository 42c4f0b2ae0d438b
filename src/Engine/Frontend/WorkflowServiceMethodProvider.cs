using System.Reflection;
using System.Text;
using Fencepost.Engine.Errors;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Frontend;

/// <summary>
/// Binds every method of the WorkflowService descriptor carried by Temporalio.dll (which ships the
/// message types but no gRPC stubs), so the engine reuses the SDK's own types and serves all 123
/// methods from one table without generated code.
/// </summary>
internal sealed class WorkflowServiceMethodProvider : IServiceMethodProvider<WorkflowServiceEndpoint>
{
    private static readonly MethodInfo AddMethodDefinition =
        typeof(WorkflowServiceMethodProvider).GetMethod(nameof(AddMethod), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static ServiceDescriptor Service => ServiceReflection.Descriptor.Services[0];

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<WorkflowServiceEndpoint> context)
    {
        foreach (var method in Service.Methods)
        {
            AddMethodDefinition
                .MakeGenericMethod(method.InputType.ClrType, method.OutputType.ClrType)
                .Invoke(null, [context, method]);
        }
    }

    private static void AddMethod<TRequest, TResponse>(ServiceMethodProviderContext<WorkflowServiceEndpoint> context, MethodDescriptor descriptor)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var parser = (MessageParser<TRequest>)descriptor.InputType.Parser;
        var responseParser = (MessageParser<TResponse>)descriptor.OutputType.Parser;
        var method = new Method<TRequest, TResponse>(
            MethodType.Unary,
            descriptor.Service.FullName,
            descriptor.Name,
            CreateRequestMarshaller(parser),
            CreateMarshaller(responseParser));
        var name = descriptor.Name;
        context.AddUnaryMethod(method, [], async (service, request, callContext) =>
            (TResponse)await service.InvokeAsync(name, request, callContext).ConfigureAwait(false));
    }

    /// <summary>
    /// Like <see cref="CreateMarshaller{T}"/>, but a request that does not parse (truncated,
    /// malformed, a string that is not UTF-8) is INVALID_ARGUMENT. gRPC would answer UNKNOWN
    /// "Exception was thrown by handler", which the SDKs treat as retryable.
    /// </summary>
    internal static Marshaller<T> CreateRequestMarshaller<T>(MessageParser<T> parser)
        where T : class, IMessage<T>
    {
        var marshaller = CreateMarshaller(parser);
        return new Marshaller<T>(marshaller.ContextualSerializer, deserialization =>
        {
            try
            {
                return marshaller.ContextualDeserializer(deserialization);
            }
            catch (Exception ex) when (ex is InvalidProtocolBufferException or DecoderFallbackException)
            {
                var reason = ex is DecoderFallbackException ? "a string field is not valid UTF-8." : ex.Message;
                throw new RpcException(new Status(StatusCode.InvalidArgument, ErrorText.Message($"The request is not a valid {typeof(T).Name}: {reason}")));
            }
        });
    }

    internal static Marshaller<T> CreateMarshaller<T>(MessageParser<T> parser)
        where T : class, IMessage<T> =>
        Marshallers.Create<T>(
            (message, serialization) =>
            {
                serialization.SetPayloadLength(message.CalculateSize());
                message.WriteTo(serialization.GetBufferWriter());
                serialization.Complete();
            },
            deserialization => parser.ParseFrom(deserialization.PayloadAsReadOnlySequence()));
}
