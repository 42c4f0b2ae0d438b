using System.Text.Json;
using Fencepost.Engine.Cluster.Rpc;
using Fencepost.Engine.History;
using Fencepost.Engine.Matching;
using Google.Protobuf;
using Grpc.Core;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Cluster.Routing;

/// <summary>
/// Records a matched task as started in the history shard that owns its workflow: in process when
/// that is this node, else over <see cref="ClusterRpcMethods.RecordTaskStarted"/>. The task has
/// already left the queue, so while its shard is moving (UNAVAILABLE) this retries against the
/// new owner for up to <see cref="MovingShardPatience"/> rather than drop it.
/// </summary>
internal sealed class RoutedTaskStarter(ClusterRoutingTable routes, PeerChannels channels, HistoryEngine history, TimeProvider timeProvider) : ITaskStarter
{
    private static readonly TimeSpan MovingShardPatience = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    public Task<PollWorkflowTaskQueueResponse?> RecordWorkflowTaskStartedAsync(MatchingTaskData task, string pollRequestId, string identity, CancellationToken cancellationToken) =>
        StartAsync(task, MatchingEngine.WorkflowTaskType, pollRequestId, identity, PollWorkflowTaskQueueResponse.Parser,
            ct => history.RecordWorkflowTaskStartedAsync(task, pollRequestId, identity, ct), cancellationToken);

    public Task<PollActivityTaskQueueResponse?> RecordActivityTaskStartedAsync(MatchingTaskData task, string pollRequestId, string identity, CancellationToken cancellationToken) =>
        StartAsync(task, MatchingEngine.ActivityTaskType, pollRequestId, identity, PollActivityTaskQueueResponse.Parser,
            ct => history.RecordActivityTaskStartedAsync(task, pollRequestId, identity, ct), cancellationToken);

    private async Task<T?> StartAsync<T>(MatchingTaskData task, int taskType, string pollRequestId, string identity, MessageParser<T> parser,
        Func<CancellationToken, Task<T?>> local, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        var giveUpAt = timeProvider.GetUtcNow() + MovingShardPatience;
        var request = JsonSerializer.SerializeToUtf8Bytes(new RecordTaskStartedRequest(taskType, task, pollRequestId, identity), ClusterRpcJsonContext.Default.RecordTaskStartedRequest);
        while (true)
        {
            try
            {
                if (routes.HistoryOwner(task.NamespaceId, task.WorkflowId) is not { } owner)
                {
                    return await local(cancellationToken).ConfigureAwait(false);
                }
                var response = await channels.InvokerFor(owner.RpcAddress).AsyncUnaryCall(ClusterRpcMethods.RecordTaskStarted, null,
                    new CallOptions(deadline: (timeProvider.GetUtcNow() + MovingShardPatience).UtcDateTime, cancellationToken: cancellationToken), request).ConfigureAwait(false);
                return response.Length == 0 ? null : parser.ParseFrom(response);
            }
            catch (Exception ex) when (IsShardMoving(ex) && timeProvider.GetUtcNow() < giveUpAt && !cancellationToken.IsCancellationRequested)
            {
                routes.RequestRefresh();
                await Task.Delay(RetryDelay, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool IsShardMoving(Exception ex) => ex switch
    {
        RpcException rpc => rpc.StatusCode == StatusCode.Unavailable,
        Errors.ServiceErrorException service => service.Code == StatusCode.Unavailable,
        Persistence.Errors.ShardOwnershipLostException => true,
        _ => false,
    };
}
