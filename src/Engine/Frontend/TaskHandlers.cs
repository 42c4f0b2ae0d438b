using Fencepost.Engine.Cluster.Routing;
using Fencepost.Engine.Errors;
using Fencepost.Engine.History;
using Fencepost.Engine.Matching;
using Fencepost.Engine.Metrics;
using Fencepost.Engine.Namespaces;
using Fencepost.Engine.Persistence.Errors;
using Google.Protobuf.WellKnownTypes;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Frontend;

/// <summary>Worker RPCs: polls, task completions, heartbeats, query answers.</summary>
internal sealed partial class TaskHandlers(NamespaceRegistry namespaces, HistoryEngine history, MatchingEngine matching, ITaskStarter starter, EngineInstruments instruments,
    WorkerPollShutdowns shutdowns, TaskTokenCodec tokens, TimeProvider timeProvider, IHostApplicationLifetime lifetime, ILogger<TaskHandlers> logger)
    : IWorkflowServiceHandlerSource
{
    /// <summary>How long handing a task back to matching may take (a backlog write waits out a short store outage).</summary>
    private static readonly TimeSpan ReturnTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How often a matched task's start is tried while its shard reloads (about 3 s in all) before it goes back to matching.</summary>
    private const int StartAttempts = 8;

    private static readonly TimeSpan StartRetryDelay = TimeSpan.FromMilliseconds(100);

    public void Register(HandlerRegistrar registrar)
    {
        registrar.Add<PollWorkflowTaskQueueRequest, PollWorkflowTaskQueueResponse>("PollWorkflowTaskQueue", PollWorkflowTaskAsync);
        registrar.Add<RespondWorkflowTaskCompletedRequest, RespondWorkflowTaskCompletedResponse>("RespondWorkflowTaskCompleted", CompleteWorkflowTaskAsync);
        registrar.Add<RespondWorkflowTaskFailedRequest, RespondWorkflowTaskFailedResponse>("RespondWorkflowTaskFailed", FailWorkflowTaskAsync);
        registrar.Add<PollActivityTaskQueueRequest, PollActivityTaskQueueResponse>("PollActivityTaskQueue", PollActivityTaskAsync);
        registrar.Add<RespondActivityTaskCompletedRequest, RespondActivityTaskCompletedResponse>("RespondActivityTaskCompleted", CompleteActivityAsync);
        registrar.Add<RespondActivityTaskFailedRequest, RespondActivityTaskFailedResponse>("RespondActivityTaskFailed", FailActivityAsync);
        registrar.Add<RespondActivityTaskCanceledRequest, RespondActivityTaskCanceledResponse>("RespondActivityTaskCanceled", CancelActivityAsync);
        registrar.Add<RecordActivityTaskHeartbeatRequest, RecordActivityTaskHeartbeatResponse>("RecordActivityTaskHeartbeat", HeartbeatAsync);
        RegisterById(registrar);
        registrar.Add<RespondQueryTaskCompletedRequest, RespondQueryTaskCompletedResponse>("RespondQueryTaskCompleted", RespondQueryAsync);
        registrar.Add<ShutdownWorkerRequest, ShutdownWorkerResponse>("ShutdownWorker", ShutdownWorkerAsync);
        registrar.Add<DescribeTaskQueueRequest, DescribeTaskQueueResponse>("DescribeTaskQueue", DescribeTaskQueueAsync);
    }

    /// <summary>
    /// Never fails permanently. The engine sends full histories on the normal queue and never feeds
    /// sticky queues, so a sticky poll that names its normal queue polls that queue instead: the SDK
    /// core gives most of its workflow pollers to the sticky queue (4 of 5 by default), and leaving
    /// them idle would let one or two pollers carry every workflow task. A sticky poll without a
    /// normal name answers empty when the long poll ends.
    /// </summary>
    private async Task<PollWorkflowTaskQueueResponse> PollWorkflowTaskAsync(PollWorkflowTaskQueueRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        RequestValidator.Name(request.TaskQueue?.Name, "TaskQueue");
        var queueName = request.TaskQueue!.Kind == TaskQueueKind.Sticky && !string.IsNullOrEmpty(request.TaskQueue.NormalName)
            ? request.TaskQueue.NormalName
            : request.TaskQueue.Name;
        var pollRequestId = Guid.NewGuid().ToString();
        // A poll ends empty at once when its worker shuts down (ShutdownWorker) or this host stops: held,
        // a stopping host's polls would keep the server from closing for up to a minute, and a task
        // handed out now would only time out on a deposed shard.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        using var poll = shutdowns.Enter(ns.Id, request.WorkerInstanceKey, stopping.Token);
        while (!poll.Token.IsCancellationRequested)
        {
            var matched = await PollUntilEndedAsync(poll, () => matching.PollAsync(ns.Id, ns.Name, queueName, MatchingEngine.WorkflowTaskType, request.Identity, context.Deadline, poll.Token)).ConfigureAwait(false);
            if (matched is null)
            {
                return new PollWorkflowTaskQueueResponse();
            }
            if (matched.Query is { } query)
            {
                if (await BuildQueryTaskAsync(query, context.CancellationToken).ConfigureAwait(false) is { } queryTask)
                {
                    return queryTask;
                }
                continue;
            }
            var response = await StartOrReturnAsync(ns.Id, ns.Name, queueName, MatchingEngine.WorkflowTaskType, matched.Data!,
                () => starter.RecordWorkflowTaskStartedAsync(matched.Data!, pollRequestId, request.Identity, context.CancellationToken)).ConfigureAwait(false);
            if (response is not null)
            {
                instruments.RecordScheduleToStart("workflow", response.StartedTime.ToDateTimeOffset() - response.ScheduledTime.ToDateTimeOffset());
                return response;
            }
        }
        return new PollWorkflowTaskQueueResponse();
    }

    /// <summary>
    /// Waits in matching until a task comes, the long poll ends, the worker shuts down or this host
    /// stops (then null: the poll answers empty). A matched task is started with the request's own
    /// token, so an ending poll never drops a task that matching already handed over.
    /// </summary>
    private async Task<MatchedTask?> PollUntilEndedAsync(WorkerPollShutdowns.PollScope poll, Func<Task<MatchedTask?>> wait)
    {
        if (poll.WorkerShutDown || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return null;
        }
        try
        {
            return await wait().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (poll.WorkerShutDown || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// Records a matched task as started. Matching already handed the task over, so if that fails
    /// (the store unreachable, the shard reloading, the poll cancelled) the task is handed back to
    /// matching before the error goes on: dropped, a workflow task would never be dispatched again
    /// and its run would wait forever. If the start did commit after all, the task given out again
    /// is found already started and skipped, and the first start times out as usual. A transient
    /// failure is first retried by the same poll for a few seconds, which the run recognises by its
    /// request id.
    /// </summary>
    private async Task<T?> StartOrReturnAsync<T>(Guid namespaceId, string namespaceName, string taskQueue, int taskType, MatchingTaskData data, Func<Task<T?>> start)
        where T : class
    {
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await start().ConfigureAwait(false);
                }
                catch (Exception ex) when (IsTransient(ex) && attempt < StartAttempts)
                {
                    // Again with the same poll request id once the shard is back: if an earlier start did
                    // commit (its answer was lost and the shard reloaded), the run recognises this poll and
                    // hands it the task it started, instead of leaving it to time out unseen.
                    await Task.Delay(StartRetryDelay * attempt, timeProvider).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex)
        {
            try
            {
                using var timeout = new CancellationTokenSource(ReturnTimeout, timeProvider);
                await matching.AddTaskAsync(namespaceId, namespaceName, taskQueue, taskType, data, timeout.Token).ConfigureAwait(false);
                LogTaskReturned(logger, data.WorkflowId, data.ScheduledEventId, ex.Message);
            }
            catch (Exception returnError) when (returnError is not OutOfMemoryException)
            {
                // The backlog write failed too (the store is still away): keep the task in memory.
                matching.ReturnUnpersisted(namespaceId, namespaceName, taskQueue, taskType, data);
                LogTaskKeptInMemory(logger, returnError, data.WorkflowId, data.ScheduledEventId);
            }
            throw;
        }
    }

    private static bool IsTransient(Exception exception) => exception is
        PersistenceException { ErrorClass: PersistenceErrorClass.OutcomeUnknown or PersistenceErrorClass.Unavailable or PersistenceErrorClass.ConnectionCapacity }
        or ShardOwnershipLostException
        or ServiceErrorException { Code: StatusCode.Unavailable };

    [LoggerMessage(EventId = 1410, Level = LogLevel.Information, Message = "A matched task of workflow {WorkflowId} (event {ScheduledEventId}) could not be started ({Reason}); it was handed back to matching")]
    private static partial void LogTaskReturned(ILogger logger, string workflowId, long scheduledEventId, string reason);

    [LoggerMessage(EventId = 1411, Level = LogLevel.Warning, Message = "A matched task of workflow {WorkflowId} (event {ScheduledEventId}) could not be started nor written back to the backlog; matching keeps it in memory for the next poll")]
    private static partial void LogTaskKeptInMemory(ILogger logger, Exception exception, string workflowId, long scheduledEventId);

    private async Task<ShutdownWorkerResponse> ShutdownWorkerAsync(ShutdownWorkerRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        shutdowns.Shutdown(ns.Id, request.WorkerInstanceKey);
        return new ShutdownWorkerResponse();
    }

    /// <summary>A legacy query task: the full history, the query, started_event_id 0.</summary>
    private async Task<PollWorkflowTaskQueueResponse?> BuildQueryTaskAsync(QueryTask query, CancellationToken cancellationToken)
    {
        if (query.Prebuilt is { } prebuilt)
        {
            // Built by the workflow's history node on another host, which waits there for the answer; stale once it stopped.
            return query.Outcome.Task.IsCompleted ? null : prebuilt;
        }
        try
        {
            return await history.ReadRunAsync(query.Key, (state, events) => QueryTaskResponse.Build(state, events!, query, tokens, timeProvider.GetUtcNow()),
                withEvents: true, cancellationToken).ConfigureAwait(false);
        }
        catch (ServiceErrorException ex)
        {
            query.Outcome.TrySetResult(new QueryOutcome(null, ex.Message, null));
            return null;
        }
    }

    private async Task<RespondWorkflowTaskCompletedResponse> CompleteWorkflowTaskAsync(RespondWorkflowTaskCompletedRequest request, ServerCallContext context)
    {
        var token = ParseToken(request.TaskToken, TaskTokenKind.WorkflowTask);
        await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        var eagerActivities = await history.RespondWorkflowTaskCompletedAsync(token, request, context.CancellationToken).ConfigureAwait(false);
        var response = new RespondWorkflowTaskCompletedResponse();
        response.ActivityTasks.AddRange(eagerActivities);
        return response;
    }

    private async Task<RespondWorkflowTaskFailedResponse> FailWorkflowTaskAsync(RespondWorkflowTaskFailedRequest request, ServerCallContext context)
    {
        var token = ParseToken(request.TaskToken, TaskTokenKind.WorkflowTask);
        await history.RespondWorkflowTaskFailedAsync(token, request, context.CancellationToken).ConfigureAwait(false);
        return new RespondWorkflowTaskFailedResponse();
    }

    private async Task<PollActivityTaskQueueResponse> PollActivityTaskAsync(PollActivityTaskQueueRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        RequestValidator.Name(request.TaskQueue?.Name, "TaskQueue");
        var pollRequestId = Guid.NewGuid().ToString();
        // As for workflow tasks: a worker's shutdown or a stopping host answers empty at once.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        using var poll = shutdowns.Enter(ns.Id, request.WorkerInstanceKey, stopping.Token);
        while (!poll.Token.IsCancellationRequested)
        {
            var matched = await PollUntilEndedAsync(poll, () => matching.PollAsync(ns.Id, ns.Name, request.TaskQueue!.Name, MatchingEngine.ActivityTaskType, request.Identity, context.Deadline, poll.Token)).ConfigureAwait(false);
            if (matched?.Data is null)
            {
                return new PollActivityTaskQueueResponse();
            }
            var data = matched.Data;
            var response = await StartOrReturnAsync(ns.Id, ns.Name, request.TaskQueue!.Name, MatchingEngine.ActivityTaskType, data,
                () => starter.RecordActivityTaskStartedAsync(data, pollRequestId, request.Identity, context.CancellationToken)).ConfigureAwait(false);
            if (response is not null)
            {
                instruments.RecordScheduleToStart("activity", response.StartedTime.ToDateTimeOffset() - response.CurrentAttemptScheduledTime.ToDateTimeOffset());
                return response;
            }
        }
        return new PollActivityTaskQueueResponse();
    }

    private async Task<RespondActivityTaskCompletedResponse> CompleteActivityAsync(RespondActivityTaskCompletedRequest request, ServerCallContext context)
    {
        var token = ParseToken(request.TaskToken, TaskTokenKind.ActivityTask);
        await CompleteActivityAsync(token, request.Result, request.Identity, context.CancellationToken).ConfigureAwait(false);
        return new RespondActivityTaskCompletedResponse();
    }

    private async Task CompleteActivityAsync(TaskToken token, Temporalio.Api.Common.V1.Payloads? result, string identity, CancellationToken cancellationToken)
    {
        if (PayloadLimits.Problem(result, "The activity result") is { } tooLarge)
        {
            // As Temporal: the activity fails for good (a retry would return the same result), and
            // the workflow sees why, instead of the worker getting an error it can only log.
            await history.RespondActivityFailedAsync(token, ServerFailure(tooLarge), null, identity, cancellationToken).ConfigureAwait(false);
            return;
        }
        await history.RespondActivityCompletedAsync(token, result, identity, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RespondActivityTaskFailedResponse> FailActivityAsync(RespondActivityTaskFailedRequest request, ServerCallContext context)
    {
        var token = ParseToken(request.TaskToken, TaskTokenKind.ActivityTask);
        await FailActivityAsync(token, request.Failure, request.LastHeartbeatDetails, request.Identity, context.CancellationToken).ConfigureAwait(false);
        return new RespondActivityTaskFailedResponse();
    }

    private async Task FailActivityAsync(TaskToken token, Temporalio.Api.Failure.V1.Failure? failure, Temporalio.Api.Common.V1.Payloads? details, string identity, CancellationToken cancellationToken)
    {
        failure ??= new Temporalio.Api.Failure.V1.Failure { Message = "Activity failed without a failure." };
        if ((PayloadLimits.Problem(failure, "The activity failure") ?? PayloadLimits.Problem(details, "The activity's last heartbeat details")) is { } tooLarge)
        {
            // Stored in place of what does not fit; retrying could only fail the same way.
            failure = ServerFailure(tooLarge);
            details = null;
        }
        await history.RespondActivityFailedAsync(token, failure, details, identity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A non-retryable failure from the server (Temporal's ServerFailure), saying what went wrong.</summary>
    private static Temporalio.Api.Failure.V1.Failure ServerFailure(string message) => new()
    {
        Message = message,
        Source = "Fencepost",
        ServerFailureInfo = new Temporalio.Api.Failure.V1.ServerFailureInfo { NonRetryable = true },
    };

    private async Task<RespondActivityTaskCanceledResponse> CancelActivityAsync(RespondActivityTaskCanceledRequest request, ServerCallContext context)
    {
        var token = ParseToken(request.TaskToken, TaskTokenKind.ActivityTask);
        RequestValidator.Blob(request.Details, "Cancellation details");
        await history.RespondActivityCanceledAsync(token, request.Details, request.Identity, context.CancellationToken).ConfigureAwait(false);
        return new RespondActivityTaskCanceledResponse();
    }

    private async Task<RecordActivityTaskHeartbeatResponse> HeartbeatAsync(RecordActivityTaskHeartbeatRequest request, ServerCallContext context)
    {
        var token = ParseToken(request.TaskToken, TaskTokenKind.ActivityTask);
        RequestValidator.Blob(request.Details, "Heartbeat details");
        var cancelRequested = await history.RecordActivityHeartbeatAsync(token, request.Details, context.CancellationToken).ConfigureAwait(false);
        return new RecordActivityTaskHeartbeatResponse { CancelRequested = cancelRequested };
    }

    private Task<RespondQueryTaskCompletedResponse> RespondQueryAsync(RespondQueryTaskCompletedRequest request, ServerCallContext context)
    {
        var token = ParseToken(request.TaskToken, TaskTokenKind.Query);
        var outcome = request.CompletedType == QueryResultType.Answered
            ? new QueryOutcome(request.QueryResult, null, null)
            : new QueryOutcome(null, string.IsNullOrEmpty(request.ErrorMessage) ? "Query failed." : request.ErrorMessage, request.Failure);
        if (!matching.CompleteQuery(token.QueryId, outcome))
        {
            throw ServiceErrorException.NotFound("Query not found: it timed out or was answered already.");
        }
        return Task.FromResult(new RespondQueryTaskCompletedResponse());
    }

    private async Task<DescribeTaskQueueResponse> DescribeTaskQueueAsync(DescribeTaskQueueRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        RequestValidator.Name(request.TaskQueue?.Name, "TaskQueue");
        var type = request.TaskQueueType == TaskQueueType.Activity ? MatchingEngine.ActivityTaskType : MatchingEngine.WorkflowTaskType;
        var response = new DescribeTaskQueueResponse();
        if (matching.Find(ns.Id, request.TaskQueue!.Name, type) is { } queue)
        {
            foreach (var poller in queue.Pollers)
            {
                response.Pollers.Add(new Temporalio.Api.TaskQueue.V1.PollerInfo { Identity = poller.Identity, LastAccessTime = Timestamp.FromDateTimeOffset(poller.LastAccessTime), RatePerSecond = 0 });
            }
        }
        return response;
    }

    private TaskToken ParseToken(ByteString bytes, TaskTokenKind expected)
    {
        if (bytes.IsEmpty)
        {
            throw ServiceErrorException.InvalidArgument("TaskToken is not set on request.");
        }
        var token = tokens.Decode(bytes.Span);
        if (token.Kind != expected)
        {
            throw ServiceErrorException.InvalidArgument($"The task token is for a {token.Kind}, not a {expected}.");
        }
        return token;
    }
}
