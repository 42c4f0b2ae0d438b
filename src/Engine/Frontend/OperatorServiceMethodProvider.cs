using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Temporalio.Api.OperatorService.V1;

namespace Fencepost.Engine.Frontend;

/// <summary>
/// Binds every method of Temporal's OperatorService (the descriptor in Temporalio.dll) on the
/// frontend port, as Temporal serves it beside WorkflowService; methods without a handler answer
/// UNIMPLEMENTED.
/// </summary>
internal sealed class OperatorServiceMethodProvider : IServiceMethodProvider<OperatorServiceEndpoint>
{
    private static readonly MethodInfo AddMethodDefinition =
        typeof(OperatorServiceMethodProvider).GetMethod(nameof(AddMethod), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static ServiceDescriptor Service => ServiceReflection.Descriptor.Services[0];

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<OperatorServiceEndpoint> context)
    {
        foreach (var method in Service.Methods)
        {
            AddMethodDefinition
                .MakeGenericMethod(method.InputType.ClrType, method.OutputType.ClrType)
                .Invoke(null, [context, method]);
        }
    }

    private static void AddMethod<TRequest, TResponse>(ServiceMethodProviderContext<OperatorServiceEndpoint> context, MethodDescriptor descriptor)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var method = new Method<TRequest, TResponse>(
            MethodType.Unary,
            descriptor.Service.FullName,
            descriptor.Name,
            WorkflowServiceMethodProvider.CreateRequestMarshaller((MessageParser<TRequest>)descriptor.InputType.Parser),
            WorkflowServiceMethodProvider.CreateMarshaller((MessageParser<TResponse>)descriptor.OutputType.Parser));
        var name = descriptor.Name;
        context.AddUnaryMethod(method, [], async (service, request, callContext) =>
            (TResponse)await service.InvokeAsync(name, request, callContext).ConfigureAwait(false));
    }
}
