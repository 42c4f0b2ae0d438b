using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;

namespace Fencepost.Cluster.Tests.Infrastructure;

/// <summary>
/// Calls a node's internal ClusterRpc service directly, as a peer would, so a test can replay a
/// call whose answer a peer "lost". Requests and answers are JSON, named as the product's records.
/// </summary>
public sealed class ClusterRpcClient(NodeProcess node) : IDisposable
{
    private const string Service = "fencepost.cluster.v1.ClusterRpc";
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{node.RpcPort}");

    public async Task<JsonElement> CallAsync(string method, object request, CancellationToken cancellationToken)
    {
        var call = new Method<byte[], byte[]>(MethodType.Unary, Service, method,
            Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        var response = await _channel.CreateCallInvoker().AsyncUnaryCall(call, null, new CallOptions(cancellationToken: cancellationToken),
            JsonSerializer.SerializeToUtf8Bytes(request));
        return JsonDocument.Parse(response).RootElement.Clone();
    }

    public void Dispose() => _channel.Dispose();
}
