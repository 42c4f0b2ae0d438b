using System.Text.Json;
using Fencepost.Engine.Cluster.Rpc;
using Fencepost.Engine.Frontend;
using Fencepost.Engine.History;
using Fencepost.Engine.Matching;
using Fencepost.Engine.Namespaces;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Cluster.Routing;

/// <summary>
/// Offers a query to the pollers of its task queue on the matching node that owns the queue. This
/// node (the workflow's history node) builds the query task from the run's settled history and
/// keeps waiting for the answer itself: the worker's RespondQueryTaskCompleted carries a token
/// that routes here. The offer is one held <see cref="ClusterRpcMethods.DispatchQuery"/> call that
/// ends when the query is answered or given up (then the matching node withdraws it); if the
/// matching node cannot be reached the offer is made again to the queue's owner in the next view.
/// </summary>
internal sealed partial class RoutedQueryDispatcher(
    ClusterRoutingTable routes,
    PeerChannels channels,
    MatchingEngine matching,
    HistoryEngine history,
    TaskTokenCodec tokens,
    TimeProvider timeProvider,
    ILogger<RoutedQueryDispatcher> logger) : IQueryDispatcher
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    public async Task DispatchAsync(NamespaceEntry ns, string taskQueue, QueryTask query, CancellationToken cancellationToken)
    {
        if (routes.MatchingOwner(ns.Name, taskQueue) is null)
        {
            matching.AddQuery(ns.Id, ns.Name, taskQueue, query);
            return;
        }
        var task = await history.ReadRunAsync(query.Key, (state, events) => QueryTaskResponse.Build(state, events!, query, tokens, timeProvider.GetUtcNow()),
            withEvents: true, cancellationToken).ConfigureAwait(false);
        matching.TrackQuery(query);
        var request = JsonSerializer.SerializeToUtf8Bytes(
            new DispatchQueryRequest(query.Id, ns.Id, ns.Name, taskQueue, query.Key.WorkflowId, query.Key.RunId, task.ToByteArray()),
            ClusterRpcJsonContext.Default.DispatchQueryRequest);
        // The caller always completes the outcome (answer, failure or its own deadline), which ends the offer.
        var answered = new CancellationTokenSource();
        var token = answered.Token;
        _ = query.Outcome.Task.ContinueWith(_ =>
        {
            answered.Cancel();
            answered.Dispose();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _ = OfferAsync(ns, taskQueue, query, request, token);
    }

    private async Task OfferAsync(NamespaceEntry ns, string taskQueue, QueryTask query, byte[] request, CancellationToken answered)
    {
        while (!answered.IsCancellationRequested)
        {
            if (routes.MatchingOwner(ns.Name, taskQueue) is not { } owner)
            {
                // The queue moved here meanwhile.
                matching.AddQuery(ns.Id, ns.Name, taskQueue, query);
                return;
            }
            try
            {
                await channels.InvokerFor(owner.RpcAddress).AsyncUnaryCall(ClusterRpcMethods.DispatchQuery, null,
                    new CallOptions(cancellationToken: answered), request).ConfigureAwait(false);
                return;
            }
            catch (RpcException) when (answered.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException ex)
            {
                LogOfferFailed(logger, query.Id, owner.HostId, ex.Status.Detail);
                routes.RequestRefresh();
            }
            try
            {
                await Task.Delay(RetryDelay, timeProvider, answered).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 7202, Level = LogLevel.Information, Message = "Offering query {QueryId} to matching host {HostId} failed ({Detail}); offering it again to the queue's current owner")]
    private static partial void LogOfferFailed(ILogger logger, Guid queryId, string hostId, string detail);
}
