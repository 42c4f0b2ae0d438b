using Fencepost.Engine.Hosting;
using Google.Protobuf.Reflection;
using Grpc.Net.Client;
using Grpc.Reflection.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>The frontend answers gRPC server reflection as grpcurl asks it: list the services, then fetch a service's descriptors.</summary>
public sealed class FrontendReflectionTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private const string WorkflowService = "temporal.api.workflowservice.v1.WorkflowService";

    [Fact]
    public async Task ListServices_Reflection_NamesTheWorkflowService()
    {
        var responses = await AskAsync(new ServerReflectionRequest { ListServices = "" });

        var services = responses.Single().ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains(WorkflowService, services);
        Assert.Contains("grpc.reflection.v1.ServerReflection", services);
    }

    [Fact]
    public async Task FileContainingSymbol_WorkflowService_DescribesItsMethods()
    {
        var responses = await AskAsync(new ServerReflectionRequest { FileContainingSymbol = WorkflowService });

        var files = responses.Single().FileDescriptorResponse.FileDescriptorProto.Select(FileDescriptorProto.Parser.ParseFrom).ToList();
        var service = files.SelectMany(f => f.Service.Select(s => (f.Package, s))).Single(p => $"{p.Package}.{p.s.Name}" == WorkflowService).s;
        Assert.Contains(service.Method, m => m.Name == "StartWorkflowExecution");
    }

    private async Task<IReadOnlyList<ServerReflectionResponse>> AskAsync(ServerReflectionRequest request)
    {
        using var channel = GrpcChannel.ForAddress($"http://{engine.Services.GetRequiredService<IFrontendEndpoint>().Target}");
        var client = new ServerReflection.ServerReflectionClient(channel);
        using var call = client.ServerReflectionInfo(deadline: DateTime.UtcNow.AddSeconds(30));
        await call.RequestStream.WriteAsync(request);
        await call.RequestStream.CompleteAsync();
        var responses = new List<ServerReflectionResponse>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            responses.Add(call.ResponseStream.Current);
        }
        Assert.DoesNotContain(responses, r => r.ErrorResponse is not null);
        return responses;
    }
}
