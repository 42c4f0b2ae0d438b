using Grpc.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ProtoServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Fencepost.Engine.Frontend;

/// <summary>
/// gRPC server reflection (v1 and v1alpha) on the frontend, so operators' tools discover what it
/// serves without the protos at hand: <c>grpcurl -plaintext 127.0.0.1:7233 list</c>, and
/// <c>describe</c> or calls by name. It names the services the engine binds and nothing else.
/// </summary>
internal static class FrontendReflection
{
    public static IReadOnlyList<ProtoServiceDescriptor> Services { get; } =
    [
        Temporalio.Api.WorkflowService.V1.ServiceReflection.Descriptor.Services[0],
        Temporalio.Api.OperatorService.V1.ServiceReflection.Descriptor.Services[0],
        Grpc.Reflection.V1.ReflectionReflection.Descriptor.Services[0],
        Grpc.Reflection.V1Alpha.ReflectionReflection.Descriptor.Services[0],
    ];

    public static IServiceCollection AddFrontendReflection(this IServiceCollection services)
    {
        services.AddSingleton(new ReflectionServiceImpl([.. Services]));
        services.AddSingleton(new ReflectionV1ServiceImpl([.. Services]));
        return services;
    }

    public static WebApplication MapFrontendReflection(this WebApplication app)
    {
        app.MapGrpcService<ReflectionServiceImpl>();
        app.MapGrpcService<ReflectionV1ServiceImpl>();
        return app;
    }
}
