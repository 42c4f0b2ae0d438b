using System.Collections.Concurrent;
using Fencepost.Engine.Errors;
using Grpc.Core;
using Fencepost.Engine.Security;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Cluster.Routing;

/// <summary>
/// One cached HTTP/2 channel per peer address, shared by every forwarded call to that peer (a
/// channel multiplexes calls, so one connection per peer is enough). Disposed with the node.
/// </summary>
internal sealed class PeerChannels(IOptionsMonitor<FrontendAuthOptions> auth, TimeProvider timeProvider) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<GrpcChannel>> _channels = new(StringComparer.Ordinal);

    /// <summary>Calls to <paramref name="rpcAddress"/>, each carrying this node's credential when the cluster has a node secret.</summary>
    public CallInvoker InvokerFor(string rpcAddress) =>
        _channels.GetOrAdd(rpcAddress, address => new Lazy<GrpcChannel>(() => Create(address))).Value.CreateCallInvoker().Intercept(AddNodeCredential);

    private Metadata AddNodeCredential(Metadata metadata)
    {
        if (auth.CurrentValue.NodeSecret is { Length: > 0 } secret)
        {
            metadata.Add(NodeCredential.Header, NodeCredential.Create(secret, timeProvider.GetUtcNow()));
        }
        return metadata;
    }

    /// <summary>
    /// One ClusterRpc call to <paramref name="peer"/>. A peer that is down or no longer owns what
    /// was asked (UNAVAILABLE, or no answer by <paramref name="deadline"/>) runs
    /// <paramref name="onUnreachable"/> (callers refresh their view of the cluster) and surfaces as
    /// UNAVAILABLE naming <paramref name="subject"/>, which the transfer queue retries without
    /// counting an attempt. Any other failure is the peer's answer and is rethrown as it came.
    /// </summary>
    public async Task<byte[]> CallAsync(PeerTarget peer, Method<byte[], byte[]> method, byte[] request, DateTime deadline,
        string subject, Action onUnreachable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onUnreachable);
        try
        {
            return await InvokerFor(peer.RpcAddress).AsyncUnaryCall(method, null, new CallOptions(deadline: deadline, cancellationToken: cancellationToken), request).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            onUnreachable();
            throw ServiceErrorException.Unavailable($"{subject} is unavailable: {ex.Status.Detail}");
        }
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values.Where(c => c.IsValueCreated))
        {
            channel.Value.Dispose();
        }
        _channels.Clear();
    }

    private static GrpcChannel Create(string address) =>
        GrpcChannel.ForAddress($"http://{address}", new GrpcChannelOptions
        {
            // A peer's answer may carry a history; what is sent to a peer is a request a frontend accepted.
            MaxReceiveMessageSize = Hosting.FencepostEngineHostingExtensions.MaxSendMessageSize,
            MaxSendMessageSize = Hosting.FencepostEngineHostingExtensions.MaxSendMessageSize,
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                // A peer that died must not hold calls for the OS's TCP timeout.
                ConnectTimeout = TimeSpan.FromSeconds(2),
                KeepAlivePingDelay = TimeSpan.FromSeconds(10),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            },
        });
}
