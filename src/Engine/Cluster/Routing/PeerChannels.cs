using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;

namespace Fencepost.Engine.Cluster.Routing;

/// <summary>
/// One cached HTTP/2 channel per peer address, shared by every forwarded call to that peer (a
/// channel multiplexes calls, so one connection per peer is enough). Disposed with the node.
/// </summary>
internal sealed class PeerChannels : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<GrpcChannel>> _channels = new(StringComparer.Ordinal);

    public CallInvoker InvokerFor(string rpcAddress) =>
        _channels.GetOrAdd(rpcAddress, address => new Lazy<GrpcChannel>(() => Create(address))).Value.CreateCallInvoker();

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
            MaxReceiveMessageSize = Hosting.FencepostEngineHostingExtensions.MaxReceiveMessageSize,
            MaxSendMessageSize = Hosting.FencepostEngineHostingExtensions.MaxReceiveMessageSize,
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
