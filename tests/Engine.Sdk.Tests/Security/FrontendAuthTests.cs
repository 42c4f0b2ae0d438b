using Fencepost.Engine.Sdk.Tests.Workflows;
using Grpc.Core;
using Temporalio.Client;
using Temporalio.Worker;
using RpcException = Temporalio.Exceptions.RpcException;

namespace Fencepost.Engine.Sdk.Tests.Security;

/// <summary>
/// With auth on, the real .NET SDK connects only with credentials, and each kind of caller can do
/// exactly what its permissions say: no credentials or bad ones are UNAUTHENTICATED, too few are
/// PERMISSION_DENIED, and the SDK sees both as the errors they are.
/// </summary>
public sealed class FrontendAuthTests(AuthEngineFixture engine) : IClassFixture<AuthEngineFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-configured-key-at-all")]
    public async Task Connect_MissingOrUnknownCredentials_Unauthenticated(string? apiKey)
    {
        // The SDK calls GetSystemInfo to connect and reports its status in the connection error.
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => engine.ConnectAsync(apiKey));

        Assert.Contains("code: Unauthenticated", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workflow_WriterKey_RunsEndToEndWithAWorkerOfTheSameKey()
    {
        var client = await engine.ConnectAsync(AuthEngineFixture.WriterKey);
        var queue = $"auth-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue).AddWorkflow<GreetingWorkflow>());

        var result = await worker.ExecuteAsync(() =>
            client.ExecuteWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("auth"), new(id: $"auth-{Guid.NewGuid():N}", taskQueue: queue)).WaitAsync(Timeout));

        Assert.Equal("Hello, auth!", result);
    }

    [Fact]
    public async Task Start_ReaderKey_PermissionDeniedButListAllowed()
    {
        var reader = await engine.ConnectAsync(AuthEngineFixture.ReaderKey);

        var denied = await Assert.ThrowsAsync<RpcException>(() =>
            reader.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("x"), new(id: $"auth-{Guid.NewGuid():N}", taskQueue: "auth-reader")));
        Assert.Equal(RpcException.StatusCode.PermissionDenied, denied.Code);
        Assert.Contains("needs write in namespace 'default'", denied.Message, StringComparison.Ordinal);
        await foreach (var _ in reader.ListWorkflowsAsync("WorkflowType = 'GreetingWorkflow'", new() { Limit = 1 }))
        {
        }
    }

    [Fact]
    public async Task Start_WriterOfAnotherNamespace_PermissionDenied()
    {
        var other = await engine.ConnectAsync(AuthEngineFixture.OtherNamespaceKey);

        var denied = await Assert.ThrowsAsync<RpcException>(() =>
            other.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("x"), new(id: $"auth-{Guid.NewGuid():N}", taskQueue: "auth-other")));

        Assert.Equal(RpcException.StatusCode.PermissionDenied, denied.Code);
    }

    [Fact]
    public async Task RegisterNamespace_OnlyClusterAdmin()
    {
        var writer = await engine.ConnectAsync(AuthEngineFixture.WriterKey);
        var admin = await engine.ConnectAsync(AuthEngineFixture.AdminKey);
        var request = new Temporalio.Api.WorkflowService.V1.RegisterNamespaceRequest
        {
            Namespace = $"auth-{Guid.NewGuid():N}",
            WorkflowExecutionRetentionPeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromDays(1)),
        };

        var denied = await Assert.ThrowsAsync<RpcException>(() => writer.WorkflowService.RegisterNamespaceAsync(request));
        await admin.WorkflowService.RegisterNamespaceAsync(request);

        Assert.Equal(RpcException.StatusCode.PermissionDenied, denied.Code);
        Assert.Contains("system:admin", denied.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jwt_SignedWithTheConfiguredKey_ActsWithItsPermissionsClaim()
    {
        var client = await engine.ConnectAsync(AuthEngineFixture.Jwt(["default:read"]));

        var description = await client.WorkflowService.DescribeNamespaceAsync(new() { Namespace = "default" });
        var denied = await Assert.ThrowsAsync<RpcException>(() =>
            client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("x"), new(id: $"auth-{Guid.NewGuid():N}", taskQueue: "auth-jwt")));

        Assert.Equal("default", description.NamespaceInfo.Name);
        Assert.Equal(RpcException.StatusCode.PermissionDenied, denied.Code);
    }

    [Fact]
    public async Task Jwt_ExpiredOrSignedWithAnotherKey_Unauthenticated()
    {
        var expired = AuthEngineFixture.Jwt(["system:admin"], expires: DateTime.UtcNow.AddMinutes(-10));
        var forged = AuthEngineFixture.Jwt(["system:admin"], secret: System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        var expiredFailure = await Assert.ThrowsAsync<InvalidOperationException>(() => engine.ConnectAsync(expired));
        var forgedFailure = await Assert.ThrowsAsync<InvalidOperationException>(() => engine.ConnectAsync(forged));

        Assert.Contains("code: Unauthenticated", expiredFailure.Message, StringComparison.Ordinal);
        Assert.Contains("code: Unauthenticated", forgedFailure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForwardedHeader_WithoutNodeCredential_Unauthenticated()
    {
        // A caller claiming to be a peer's forwarded call, to skip the caller check, is not a peer.
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress($"http://{engine.Target}");
        var call = new Method<byte[], byte[]>(MethodType.Unary, "temporal.api.workflowservice.v1.WorkflowService", "TerminateWorkflowExecution",
            Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        var request = new Temporalio.Api.WorkflowService.V1.TerminateWorkflowExecutionRequest { Namespace = "default", WorkflowExecution = new() { WorkflowId = "anything" } };

        var failure = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await channel.CreateCallInvoker().AsyncUnaryCall(call, null,
            new CallOptions(new Metadata { { "fencepost-forwarded-by", "evil" } }), Google.Protobuf.MessageExtensions.ToByteArray(request)));

        Assert.Equal(StatusCode.Unauthenticated, failure.StatusCode);
    }
}
