using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Fencepost.Engine.Frontend;
using Fencepost.Engine.History;
using Fencepost.Engine.Matching;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Cluster.Rpc;

/// <summary>
/// Serves <see cref="ClusterRpcMethods"/> on this node's internal listener: the receiving node
/// does the work itself (it is the owner the caller computed). A shard it does not own answers
/// UNAVAILABLE after the history engine's short wait, and the caller re-resolves the owner.
/// Cross-shard calls answer in JSON (their results are small records).
/// </summary>
internal sealed class ClusterRpcEndpoint(MatchingEngine matching, HistoryEngine history, ILogger<ClusterRpcEndpoint> logger)
{
    /// <summary>A RecordTaskStarted answer for a stale task (nothing to start): no bytes.</summary>
    public static readonly byte[] NoTask = [];

    public async Task<byte[]> DispatchTaskAsync(byte[] request, ServerCallContext context)
    {
        var dispatch = Read(request, ClusterRpcJsonContext.Default.DispatchTaskRequest);
        await Serve(nameof(DispatchTaskAsync), () => matching.AddTaskAsync(dispatch.NamespaceId, dispatch.NamespaceName, dispatch.TaskQueue, dispatch.TaskType, dispatch.Data, context.CancellationToken)).ConfigureAwait(false);
        return NoTask;
    }

    public async Task<byte[]> RecordTaskStartedAsync(byte[] request, ServerCallContext context)
    {
        var record = Read(request, ClusterRpcJsonContext.Default.RecordTaskStartedRequest);
        IMessage? started = null;
        await Serve(nameof(RecordTaskStartedAsync), async () =>
        {
            started = record.TaskType == MatchingEngine.ActivityTaskType
                ? await history.RecordActivityTaskStartedAsync(record.Data, record.PollRequestId, record.Identity, context.CancellationToken).ConfigureAwait(false)
                : await history.RecordWorkflowTaskStartedAsync(record.Data, record.PollRequestId, record.Identity, context.CancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return started?.ToByteArray() ?? NoTask;
    }

    /// <summary>
    /// Offers a query task built by the workflow's history node to this node's pollers and holds
    /// the call until that node stops waiting (answered there, or given up); then withdraws it.
    /// </summary>
    public async Task<byte[]> DispatchQueryAsync(byte[] request, ServerCallContext context)
    {
        var dispatch = Read(request, ClusterRpcJsonContext.Default.DispatchQueryRequest);
        var task = PollWorkflowTaskQueueResponse.Parser.ParseFrom(dispatch.QueryTask);
        var query = new QueryTask(new WorkflowKey(dispatch.NamespaceId, dispatch.WorkflowId, dispatch.RunId), task.Query, dispatch.QueryId, task);
        matching.AddQuery(dispatch.NamespaceId, dispatch.NamespaceName, dispatch.TaskQueue, query);
        try
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The history node has its answer or gave up.
        }
        finally
        {
            // A poller that takes it later skips it (its outcome is set).
            matching.CompleteQuery(query.Id, new QueryOutcome(null, "The query is no longer awaited.", null));
        }
        return NoTask;
    }

    // Cross-shard calls: applied by this node's history engine to a shard it owns (else UNAVAILABLE).
    public Task<byte[]> StartChildAsync(byte[] request, ServerCallContext context) =>
        ApplyAsync(request, ClusterRpcJsonContext.Default.ChildStartRequest, ClusterRpcJsonContext.Default.ChildStartResult, history.StartChildRunAsync, context);

    public Task<byte[]> RecordChildClosedAsync(byte[] request, ServerCallContext context) =>
        ApplyAsync(request, ClusterRpcJsonContext.Default.ChildClosedNotice, ClusterRpcJsonContext.Default.Boolean, history.RecordChildClosedAsync, context);

    public Task<byte[]> SignalExternalAsync(byte[] request, ServerCallContext context) =>
        ApplyAsync(request, ClusterRpcJsonContext.Default.ExternalSignalRequest, ClusterRpcJsonContext.Default.ExternalSignalResult, history.DeliverExternalSignalAsync, context);

    public Task<byte[]> RequestCancelExternalAsync(byte[] request, ServerCallContext context) =>
        ApplyAsync(request, ClusterRpcJsonContext.Default.ExternalCancelRequest, ClusterRpcJsonContext.Default.Boolean, history.DeliverExternalCancelAsync, context);

    public Task<byte[]> ApplyParentClosePolicyAsync(byte[] request, ServerCallContext context) =>
        ApplyAsync(request, ClusterRpcJsonContext.Default.ParentCloseRequest, ClusterRpcJsonContext.Default.Boolean, history.ApplyParentClosePolicyAsync, context);

    public Task<byte[]> StartScheduledAsync(byte[] request, ServerCallContext context) =>
        ApplyAsync(request, ClusterRpcJsonContext.Default.ScheduledStartRequest, ClusterRpcJsonContext.Default.ScheduledStartResult, history.StartScheduledRunAsync, context);

    public Task<byte[]> StopScheduledRunAsync(byte[] request, ServerCallContext context) =>
        ApplyAsync(request, ClusterRpcJsonContext.Default.ScheduledStopRequest, ClusterRpcJsonContext.Default.Boolean, history.StopScheduledRunAsync, context);

    public Task<byte[]> RecordScheduledRunClosedAsync(byte[] request, ServerCallContext context) =>
        ApplyAsync(request, ClusterRpcJsonContext.Default.ScheduledRunClosedNotice, ClusterRpcJsonContext.Default.Boolean, history.RecordScheduledRunClosedAsync, context);

    private async Task<byte[]> ApplyAsync<TRequest, TResult>(byte[] request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResult> resultType,
        Func<TRequest, CancellationToken, Task<TResult>> apply, ServerCallContext context)
    {
        var call = Read(request, requestType);
        var result = default(TResult);
        await Serve(typeof(TRequest).Name, async () => result = await apply(call, context.CancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        return JsonSerializer.SerializeToUtf8Bytes(result!, resultType);
    }

    private static T Read<T>(byte[] request, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(request, type) ?? throw new RpcException(new Status(StatusCode.InvalidArgument, $"Empty {typeof(T).Name}."));

    /// <summary>Engine failures travel as the same statuses the SDK-facing calls use.</summary>
    private async Task Serve(string method, Func<Task> work)
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
            throw RpcErrors.FromException(ex, method, logger);
        }
    }
}
