using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Errors;
using Fencepost.Engine.History.Schedules;
using Fencepost.Engine.Namespaces;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Persistence.Visibility;
using Fencepost.Engine.Search;
using Google.Protobuf.WellKnownTypes;
using Google.Protobuf;
using Grpc.Core;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Frontend;

/// <summary>List and count with Temporal's visibility query language.</summary>
internal sealed class VisibilityHandlers(NamespaceRegistry namespaces, IPersistenceStore store, IDynamicConfig config) : IWorkflowServiceHandlerSource
{
    private const int DefaultPageSize = 100;

    public void Register(HandlerRegistrar registrar)
    {
        registrar.Add<ListWorkflowExecutionsRequest, ListWorkflowExecutionsResponse>("ListWorkflowExecutions", ListAsync);
        registrar.Add<CountWorkflowExecutionsRequest, CountWorkflowExecutionsResponse>("CountWorkflowExecutions", CountAsync);
    }

    private async Task<ListWorkflowExecutionsResponse> ListAsync(ListWorkflowExecutionsRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        var query = Parse(request.Query, ns);
        var maxPageSize = config.Get(FrontendConfigKeys.VisibilityMaxPageSize, ns.Name);
        var pageSize = Math.Min(request.PageSize <= 0 ? DefaultPageSize : request.PageSize, maxPageSize);
        var page = await store.Visibility.ListAsync(ns.Id, SchedulerVisibility.WorkflowsOnly(query), pageSize, request.NextPageToken.IsEmpty ? null : request.NextPageToken.ToByteArray(), context.CancellationToken).ConfigureAwait(false);
        var response = new ListWorkflowExecutionsResponse
        {
            NextPageToken = page.NextPageToken is null ? ByteString.Empty : ByteString.CopyFrom(page.NextPageToken),
        };
        foreach (var record in page.Items)
        {
            var info = ToInfo(record);
            SearchAttributeValues.StampTypes(info.SearchAttributes, ns);
            response.Executions.Add(info);
        }
        return response;
    }

    private async Task<CountWorkflowExecutionsResponse> CountAsync(CountWorkflowExecutionsRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        var query = Parse(request.Query, ns);
        var count = await store.Visibility.CountAsync(ns.Id, SchedulerVisibility.WorkflowsOnly(query.Filter), context.CancellationToken).ConfigureAwait(false);
        return new CountWorkflowExecutionsResponse { Count = count };
    }

    private static VisibilityQuery Parse(string query, NamespaceEntry ns)
    {
        try
        {
            return VisibilityQueryParser.Parse(query, ns.QueryableSearchAttributes);
        }
        catch (VisibilityQueryException ex)
        {
            throw ServiceErrorException.InvalidArgument(ex.Message);
        }
    }

    internal static WorkflowExecutionInfo ToInfo(VisibilityRecord record) => new()
    {
        Execution = new WorkflowExecution { WorkflowId = record.WorkflowId, RunId = record.RunId.ToString() },
        Type = new WorkflowType { Name = record.WorkflowType },
        StartTime = Timestamp.FromDateTimeOffset(record.StartTime),
        ExecutionTime = Timestamp.FromDateTimeOffset(record.ExecutionTime),
        CloseTime = record.CloseTime is { } close ? Timestamp.FromDateTimeOffset(close) : null,
        Status = (WorkflowExecutionStatus)record.Status,
        HistoryLength = record.HistoryLength,
        TaskQueue = record.TaskQueue,
        // As in describe: both always present, empty when the run has none.
        Memo = record.Memo is null ? new Memo() : Memo.Parser.ParseFrom(record.Memo),
        SearchAttributes = record.SearchAttributes is null ? new SearchAttributes() : SearchAttributes.Parser.ParseFrom(record.SearchAttributes),
        ExecutionDuration = record.CloseTime is { } closed ? Duration.FromTimeSpan(closed > record.ExecutionTime ? closed - record.ExecutionTime : TimeSpan.Zero) : null,
        ParentExecution = record.ParentWorkflowId is null ? null : new WorkflowExecution { WorkflowId = record.ParentWorkflowId, RunId = record.ParentRunId?.ToString() ?? "" },
    };
}
