using System.Text.Json;
using Fencepost.Engine.Frontend;
using Fencepost.Engine.History;
using Fencepost.Engine.Matching;
using Google.Protobuf;
using Grpc.Core;

namespace Fencepost.Engine.Cluster.Rpc;

/// <summary>
/// Serves <see cref="ClusterRpcMethods"/> on this node's internal listener: the receiving node
/// does the work itself (it is the owner the caller computed). A shard it does not own answers
/// UNAVAILABLE after the history engine's short wait, and the caller re-resolves the owner.
/// </summary>
internal sealed class ClusterRpcEndpoint(MatchingEngine matching, HistoryEngine history)
{
    /// <summary>A RecordTaskStarted answer for a stale task (nothing to start): no bytes.</summary>
    public static readonly byte[] NoTask = [];

    public async Task<byte[]> DispatchTaskAsync(byte[] request, ServerCallContext context)
    {
        var dispatch = Read(request, ClusterRpcJsonContext.Default.DispatchTaskRequest);
        await Serve(() => matching.AddTaskAsync(dispatch.NamespaceId, dispatch.NamespaceName, dispatch.TaskQueue, dispatch.TaskType, dispatch.Data, context.CancellationToken)).ConfigureAwait(false);
        return NoTask;
    }

    public async Task<byte[]> RecordTaskStartedAsync(byte[] request, ServerCallContext context)
    {
        var record = Read(request, ClusterRpcJsonContext.Default.RecordTaskStartedRequest);
        IMessage? started = null;
        await Serve(async () =>
        {
            started = record.TaskType == MatchingEngine.ActivityTaskType
                ? await history.RecordActivityTaskStartedAsync(record.Data, record.PollRequestId, record.Identity, context.CancellationToken).ConfigureAwait(false)
                : await history.RecordWorkflowTaskStartedAsync(record.Data, record.PollRequestId, record.Identity, context.CancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return started?.ToByteArray() ?? NoTask;
    }

    private static T Read<T>(byte[] request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(request, type) ?? throw new RpcException(new Status(StatusCode.InvalidArgument, $"Empty {typeof(T).Name}."));

    /// <summary>Engine failures travel as the same statuses the SDK-facing calls use.</summary>
    private static async Task Serve(Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (RpcException)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw RpcErrors.FromException(ex);
        }
    }
}
