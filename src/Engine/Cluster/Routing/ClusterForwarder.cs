using System.Collections.Concurrent;
using Fencepost.Engine.Errors;
using Fencepost.Engine.Frontend;
using Fencepost.Engine.History;
using Fencepost.Engine.Namespaces;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Cluster.Routing;

/// <summary>
/// Proxies a WorkflowService call to the node that owns its workflow or task queue: the request's
/// bytes go unchanged to the same method on the owner's internal listener, with the caller's
/// deadline and cancellation, marked with <see cref="ForwardedHeader"/> so the owner serves it
/// itself and never forwards it again. When the owner cannot be reached or answers UNAVAILABLE
/// (it just lost the shard), the membership is re-read and the call goes to whoever owns it now,
/// a few times within the caller's deadline; then UNAVAILABLE reaches the SDK, which retries.
/// </summary>
internal sealed partial class ClusterForwarder(
    ClusterRoutingTable routes,
    PeerChannels channels,
    NamespaceRegistry namespaces,
    TaskTokenCodec tokens,
    TimeProvider timeProvider,
    ILogger<ClusterForwarder> logger) : IWorkflowServiceForwarder
{
    /// <summary>Set on a forwarded call; its value is the forwarding node's host id.</summary>
    public const string ForwardedHeader = "fencepost-forwarded-by";

    private const int MaxAttempts = 4;
    private static readonly TimeSpan RetryBackoff = TimeSpan.FromMilliseconds(250);

    /// <summary>Per method: the raw-bytes call and the parser of its response, built once.</summary>
    private readonly ConcurrentDictionary<string, (Method<byte[], byte[]> Method, MessageParser ResponseParser)> _methods = new(StringComparer.Ordinal);

    public async ValueTask<IMessage?> ForwardAsync(string methodName, IMessage request, ServerCallContext context)
    {
        if (context.RequestHeaders.Get(ForwardedHeader) is not null)
        {
            return null;
        }
        var route = CallRoutes.Of(methodName, request);
        if (route.Kind == CallRouteKind.Local)
        {
            return null;
        }
        var target = await ResolveAsync(route, context.CancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            return null;
        }

        var payload = request.ToByteArray();
        var (method, parser) = _methods.GetOrAdd(methodName, static name => (
            new Method<byte[], byte[]>(MethodType.Unary, WorkflowServiceMethodProvider.Service.FullName, name, ByteMarshaller.Instance, ByteMarshaller.Instance),
            WorkflowServiceMethodProvider.Service.FindMethodByName(name).OutputType.Parser));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var options = new CallOptions(
                    new Metadata { { ForwardedHeader, routes.HostId } },
                    context.Deadline == DateTime.MaxValue ? null : context.Deadline,
                    context.CancellationToken);
                var response = await channels.InvokerFor(target.RpcAddress).AsyncUnaryCall(method, null, options, payload).ConfigureAwait(false);
                return parser.ParseFrom(response);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && attempt < MaxAttempts && !context.CancellationToken.IsCancellationRequested)
            {
                LogRetrying(logger, methodName, target.HostId, attempt, ex.Status.Detail);
                routes.RequestRefresh();
                await Task.Delay(RetryBackoff * attempt, timeProvider, context.CancellationToken).ConfigureAwait(false);
                target = await ResolveAsync(route, context.CancellationToken).ConfigureAwait(false);
                if (target is null)
                {
                    // The shard or queue is (now) this node's.
                    return null;
                }
            }
            catch (RpcException ex)
            {
                // The owner's answer, status details included, as if this node had given it.
                throw new RpcException(ex.Status, ex.Trailers, ex.Message);
            }
        }
    }

    private async ValueTask<PeerTarget?> ResolveAsync(CallRoute route, CancellationToken cancellationToken)
    {
        switch (route.Kind)
        {
            case CallRouteKind.TaskQueue:
                return routes.MatchingOwner(route.Namespace, route.Key);
            case CallRouteKind.TaskToken:
                TaskToken token;
                try
                {
                    token = tokens.Decode(route.TaskToken ?? []);
                }
                catch (ServiceErrorException)
                {
                    // Not a token this cluster issued: the local handler gives the proper error.
                    return null;
                }
                return routes.HistoryOwner(token.NamespaceId, token.WorkflowId);
            case CallRouteKind.Workflow:
                NamespaceEntry ns;
                try
                {
                    ns = await namespaces.GetAsync(route.Namespace, cancellationToken).ConfigureAwait(false);
                }
                catch (ServiceErrorException)
                {
                    return null;
                }
                return routes.HistoryOwner(ns.Id, route.Key);
            default:
                return null;
        }
    }

    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Forwarded {Method} to {HostId} answered UNAVAILABLE (attempt {Attempt}: {Detail}); re-resolving the owner")]
    private static partial void LogRetrying(ILogger logger, string method, string hostId, int attempt, string detail);
}
