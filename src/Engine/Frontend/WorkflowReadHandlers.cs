using Fencepost.Engine.Cluster.Routing;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Errors;
using Fencepost.Engine.History;
using Fencepost.Engine.Hosting;
using Fencepost.Engine.Matching;
using Fencepost.Engine.Namespaces;
using Google.Protobuf.WellKnownTypes;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Frontend;

/// <summary>History reads (with long polls for the result), describe and queries.</summary>
internal sealed class WorkflowReadHandlers(NamespaceRegistry namespaces, HistoryEngine history, MatchingEngine matching, IQueryDispatcher queries, IDynamicConfig config, TimeProvider timeProvider, IHostApplicationLifetime lifetime) : IWorkflowServiceHandlerSource
{
    /// <summary>How long a history long poll waits before answering an empty page with a token.</summary>
    private static readonly TimeSpan HistoryLongPoll = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan DefaultQueryTimeout = TimeSpan.FromSeconds(30);

    public void Register(HandlerRegistrar registrar)
    {
        registrar.Add<GetWorkflowExecutionHistoryRequest, GetWorkflowExecutionHistoryResponse>("GetWorkflowExecutionHistory", GetHistoryAsync);
        registrar.Add<DescribeWorkflowExecutionRequest, DescribeWorkflowExecutionResponse>("DescribeWorkflowExecution", DescribeAsync);
        registrar.Add<QueryWorkflowRequest, QueryWorkflowResponse>("QueryWorkflow", QueryAsync);
    }

    private async Task<GetWorkflowExecutionHistoryResponse> GetHistoryAsync(GetWorkflowExecutionHistoryRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        RequestValidator.WorkflowId(request.Execution?.WorkflowId ?? "");
        var token = HistoryPageToken.Parse(request.NextPageToken.Span);
        var key = token is { } t
            ? new WorkflowKey(ns.Id, request.Execution!.WorkflowId, t.RunId)
            : await history.ResolveRunAsync(ns.Id, request.Execution!.WorkflowId, request.Execution.RunId, context.CancellationToken).ConfigureAwait(false);
        var from = token?.NextEventId ?? 1;
        // Capped as Temporal caps it: a page never holds more than the configured maximum, whatever was asked.
        var maxPageSize = config.Get(FrontendConfigKeys.HistoryMaxPageSize, ns.Name);
        var pageSize = request.MaximumPageSize <= 0 || request.MaximumPageSize > maxPageSize ? maxPageSize : request.MaximumPageSize;
        var closeOnly = request.HistoryEventFilterType == HistoryEventFilterType.CloseEvent;
        var deadline = LongPollDeadline(context);
        var shard = await history.ShardForAsync(key.NamespaceId, key.WorkflowId, context.CancellationToken).ConfigureAwait(false);
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        while (true)
        {
            var changed = shard.WaitForChangeAsync(key);
            // Only the events of the page (or the close event) are read: a long run is never loaded whole for a page.
            var read = await history.ReadEventsAsync(key, state =>
            {
                if (closeOnly)
                {
                    return state.IsRunning ? null : new EventRange(state.CloseEventId, state.CloseEventId + 1);
                }
                if (from >= state.NextEventId)
                {
                    return request.WaitNewEvent && state.IsRunning ? null : new EventRange(from, from);
                }
                return new EventRange(from, from + pageSize);
            }, context.CancellationToken).ConfigureAwait(false);
            if (read.Events is { } page)
            {
                var response = new GetWorkflowExecutionHistoryResponse { History = new Temporalio.Api.History.V1.History() };
                response.History.Events.AddRange(page);
                if (!closeOnly && page.Count > 0)
                {
                    var next = page[^1].EventId + 1;
                    if (read.NextEventId > next || (request.WaitNewEvent && read.IsRunning))
                    {
                        response.NextPageToken = ByteString.CopyFrom(new HistoryPageToken(key.RunId, next).ToBytes());
                    }
                }
                return response;
            }
            var remaining = deadline - timeProvider.GetUtcNow();
            if (!await SignalOrTimeout.WaitAsync(changed, remaining, timeProvider, poll.Token).ConfigureAwait(false))
            {
                // Nothing new before the long poll ended (or the host began to stop): an empty page
                // with a token, so the client asks again, here or at the node that takes over.
                context.CancellationToken.ThrowIfCancellationRequested();
                return new GetWorkflowExecutionHistoryResponse
                {
                    History = new Temporalio.Api.History.V1.History(),
                    NextPageToken = ByteString.CopyFrom(new HistoryPageToken(key.RunId, from).ToBytes()),
                };
            }
        }
    }

    private DateTimeOffset LongPollDeadline(ServerCallContext context)
    {
        var now = timeProvider.GetUtcNow();
        var deadline = now + HistoryLongPoll;
        if (context.Deadline != DateTime.MaxValue)
        {
            var client = new DateTimeOffset(context.Deadline, TimeSpan.Zero) - TimeSpan.FromSeconds(1);
            if (client < deadline) deadline = client;
        }
        return deadline;
    }

    private async Task<DescribeWorkflowExecutionResponse> DescribeAsync(DescribeWorkflowExecutionRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        RequestValidator.WorkflowId(request.Execution?.WorkflowId ?? "");
        var key = await history.ResolveRunAsync(ns.Id, request.Execution!.WorkflowId, request.Execution.RunId, context.CancellationToken).ConfigureAwait(false);
        var described = await history.ReadRunAsync(key, (state, _) => Describe(state), withEvents: false, context.CancellationToken).ConfigureAwait(false);
        Search.SearchAttributeValues.StampTypes(described.WorkflowExecutionInfo.SearchAttributes, ns);
        return described;
    }

    internal static DescribeWorkflowExecutionResponse Describe(MutableState state)
    {
        var response = new DescribeWorkflowExecutionResponse
        {
            ExecutionConfig = new WorkflowExecutionConfig
            {
                TaskQueue = new TaskQueue { Name = state.TaskQueue, Kind = TaskQueueKind.Normal },
                WorkflowExecutionTimeout = state.ExecutionTimeout is { } e ? Duration.FromTimeSpan(e) : null,
                WorkflowRunTimeout = state.RunTimeout is { } r ? Duration.FromTimeSpan(r) : null,
                DefaultWorkflowTaskTimeout = Duration.FromTimeSpan(state.TaskTimeout),
            },
            WorkflowExecutionInfo = new WorkflowExecutionInfo
            {
                Execution = new WorkflowExecution { WorkflowId = state.WorkflowId, RunId = state.RunId.ToString() },
                Type = new WorkflowType { Name = state.WorkflowType },
                StartTime = Timestamp.FromDateTimeOffset(state.StartTime),
                ExecutionTime = Timestamp.FromDateTimeOffset(state.ExecutionTime),
                CloseTime = state.CloseTime is { } c ? Timestamp.FromDateTimeOffset(c) : null,
                Status = (WorkflowExecutionStatus)state.Status,
                HistoryLength = state.NextEventId - 1,
                TaskQueue = state.TaskQueue,
                // Temporal always sends both, empty when the run has none.
                Memo = state.Memo is null ? new Memo() : Memo.Parser.ParseFrom(state.Memo),
                SearchAttributes = state.SearchAttributes is null ? new SearchAttributes() : SearchAttributes.Parser.ParseFrom(state.SearchAttributes),
                HistorySizeBytes = state.HistorySizeBytes,
                ExecutionDuration = state.CloseTime is { } closed ? Duration.FromTimeSpan(closed > state.ExecutionTime ? closed - state.ExecutionTime : TimeSpan.Zero) : null,
                FirstRunId = state.FirstRunId.ToString(),
                ParentNamespaceId = state.ParentNamespaceId?.ToString() ?? "",
                ParentExecution = state.ParentWorkflowId is null ? null : new WorkflowExecution { WorkflowId = state.ParentWorkflowId, RunId = state.ParentRunId?.ToString() ?? "" },
                RootExecution = WorkflowMutation.RootExecution(state),
                AutoResetPoints = state.AutoResetPoints is null ? null : ResetPoints.Parser.ParseFrom(state.AutoResetPoints),
            },
        };
        if (state.IsRunning)
        {
            foreach (var activity in state.Activities.Values.OrderBy(a => a.ScheduledEventId))
            {
                var scheduled = WorkflowMutation.ScheduledAttributes(activity);
                var pending = new PendingActivityInfo
                {
                    ActivityId = activity.ActivityId,
                    ActivityType = scheduled.ActivityType,
                    State = activity.CancelRequested ? PendingActivityState.CancelRequested : activity.Started ? PendingActivityState.Started : PendingActivityState.Scheduled,
                    HeartbeatDetails = activity.HeartbeatDetails is null ? null : Payloads.Parser.ParseFrom(activity.HeartbeatDetails),
                    LastHeartbeatTime = activity.LastHeartbeatTime is { } hb ? Timestamp.FromDateTimeOffset(hb) : null,
                    LastStartedTime = activity.StartedTime is { } st ? Timestamp.FromDateTimeOffset(st) : null,
                    Attempt = activity.Attempt,
                    MaximumAttempts = scheduled.RetryPolicy?.MaximumAttempts ?? 0,
                    ExpirationTime = scheduled.ScheduleToCloseTimeout is { } toClose && toClose.ToTimeSpan() > TimeSpan.Zero
                        ? Timestamp.FromDateTimeOffset(activity.FirstScheduledTime + toClose.ToTimeSpan())
                        : null,
                    ScheduledTime = Timestamp.FromDateTimeOffset(activity.ScheduledTime),
                    LastFailure = activity.LastFailure is null ? null : Temporalio.Api.Failure.V1.Failure.Parser.ParseFrom(activity.LastFailure),
                    LastWorkerIdentity = activity.StartedIdentity.Length > 0 ? activity.StartedIdentity : activity.LastWorkerIdentity,
                };
                response.PendingActivities.Add(pending);
            }
            foreach (var child in state.Children.Values.OrderBy(c => c.InitiatedEventId))
            {
                response.PendingChildren.Add(new PendingChildExecutionInfo
                {
                    WorkflowId = child.WorkflowId,
                    RunId = child.RunId == Guid.Empty ? "" : child.RunId.ToString(),
                    WorkflowTypeName = child.WorkflowType,
                    InitiatedId = child.InitiatedEventId,
                    ParentClosePolicy = (ParentClosePolicy)child.ParentClosePolicy,
                });
            }
            if (state.WorkflowTask is { } wft)
            {
                response.PendingWorkflowTask = new PendingWorkflowTaskInfo
                {
                    State = wft.StartedEventId > 0 ? PendingWorkflowTaskState.Started : PendingWorkflowTaskState.Scheduled,
                    ScheduledTime = Timestamp.FromDateTimeOffset(wft.ScheduledTime),
                    OriginalScheduledTime = Timestamp.FromDateTimeOffset(wft.ScheduledTime),
                    StartedTime = wft.StartedTime is { } s ? Timestamp.FromDateTimeOffset(s) : null,
                    Attempt = wft.Attempt,
                };
            }
        }
        return response;
    }

    private async Task<QueryWorkflowResponse> QueryAsync(QueryWorkflowRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        RequestValidator.WorkflowId(request.Execution?.WorkflowId ?? "");
        RequestValidator.Name(request.Query?.QueryType, "QueryType");
        var key = await history.ResolveRunAsync(ns.Id, request.Execution!.WorkflowId, request.Execution.RunId, context.CancellationToken).ConfigureAwait(false);
        var deadline = timeProvider.GetUtcNow() + DefaultQueryTimeout;
        if (context.Deadline != DateTime.MaxValue)
        {
            var client = new DateTimeOffset(context.Deadline, TimeSpan.Zero) - TimeSpan.FromSeconds(1);
            if (client < deadline) deadline = client;
        }
        var shard = await history.ShardForAsync(key.NamespaceId, key.WorkflowId, context.CancellationToken).ConfigureAwait(false);

        // Hold the query while a workflow task is outstanding, so the worker answers from settled history.
        while (true)
        {
            var changed = shard.WaitForChangeAsync(key);
            var snapshot = await history.ReadRunAsync(key, (state, _) => (Outstanding: state.IsRunning && state.WorkflowTask is not null, state.TaskQueue, Status: (WorkflowExecutionStatus)state.Status),
                withEvents: false, context.CancellationToken).ConfigureAwait(false);
            if (Rejected(request.QueryRejectCondition, snapshot.Status) is { } rejected)
            {
                return rejected;
            }
            if (!snapshot.Outstanding)
            {
                break;
            }
            var remaining = deadline - timeProvider.GetUtcNow();
            if (!await SignalOrTimeout.WaitAsync(changed, remaining, timeProvider, context.CancellationToken).ConfigureAwait(false))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                throw new ServiceErrorException(StatusCode.DeadlineExceeded, "Query timed out: the workflow task in progress did not complete in time.");
            }
        }

        var taskQueue = await history.ReadRunAsync(key, (state, _) => state.TaskQueue, withEvents: false, context.CancellationToken).ConfigureAwait(false);
        var query = new QueryTask(key, request.Query!);
        await queries.DispatchAsync(ns, taskQueue, query, context.CancellationToken).ConfigureAwait(false);
        var wait = deadline - timeProvider.GetUtcNow();
        if (!await SignalOrTimeout.WaitAsync(query.Outcome.Task, wait, timeProvider, context.CancellationToken).ConfigureAwait(false))
        {
            matching.CompleteQuery(query.Id, new QueryOutcome(null, "timed out", null));
            context.CancellationToken.ThrowIfCancellationRequested();
            throw new ServiceErrorException(StatusCode.DeadlineExceeded, "Query timed out: no worker answered it in time.");
        }
        var outcome = await query.Outcome.Task.ConfigureAwait(false);
        if (outcome.ErrorMessage is not null)
        {
            throw new ServiceErrorException(StatusCode.InvalidArgument, outcome.ErrorMessage, new QueryFailedFailure { Failure = outcome.Failure });
        }
        return new QueryWorkflowResponse { QueryResult = outcome.Result };
    }

    private static QueryWorkflowResponse? Rejected(QueryRejectCondition condition, WorkflowExecutionStatus status)
    {
        var reject = condition switch
        {
            QueryRejectCondition.NotOpen => status != WorkflowExecutionStatus.Running,
            QueryRejectCondition.NotCompletedCleanly => status is not (WorkflowExecutionStatus.Running or WorkflowExecutionStatus.Completed),
            _ => false,
        };
        return reject ? new QueryWorkflowResponse { QueryRejected = new QueryRejected { Status = status } } : null;
    }
}
