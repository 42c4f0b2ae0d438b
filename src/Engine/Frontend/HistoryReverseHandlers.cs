using Fencepost.Engine.History;
using Fencepost.Engine.Namespaces;
using Google.Protobuf;
using Grpc.Core;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Frontend;

/// <summary>
/// GetWorkflowExecutionHistoryReverse: a run's events newest first, in pages. The first page ends
/// at the run's last event; each page's token names the run and the event to continue below, so
/// events appended to a running workflow meanwhile never shift a page. It never waits, and reads
/// only the events of the page.
/// </summary>
internal sealed class HistoryReverseHandlers(NamespaceRegistry namespaces, HistoryEngine history) : IWorkflowServiceHandlerSource
{
    private const int DefaultPageSize = 1_000;

    public void Register(HandlerRegistrar registrar) =>
        registrar.Add<GetWorkflowExecutionHistoryReverseRequest, GetWorkflowExecutionHistoryReverseResponse>("GetWorkflowExecutionHistoryReverse", GetHistoryReverseAsync);

    private async Task<GetWorkflowExecutionHistoryReverseResponse> GetHistoryReverseAsync(GetWorkflowExecutionHistoryReverseRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        RequestValidator.WorkflowId(request.Execution?.WorkflowId ?? "");
        var token = HistoryPageToken.Parse(request.NextPageToken.Span);
        var key = token is { } t
            ? new WorkflowKey(ns.Id, request.Execution!.WorkflowId, t.RunId)
            : await history.ResolveRunAsync(ns.Id, request.Execution!.WorkflowId, request.Execution.RunId, context.CancellationToken).ConfigureAwait(false);
        var pageSize = request.MaximumPageSize <= 0 ? DefaultPageSize : request.MaximumPageSize;
        var read = await history.ReadEventsAsync(key, state =>
        {
            var newest = Math.Min(token?.NextEventId ?? state.NextEventId - 1, state.NextEventId - 1);
            return new EventRange(Math.Max(1, newest - pageSize + 1), newest + 1);
        }, context.CancellationToken).ConfigureAwait(false);
        var page = read.Events!;
        page.Reverse();
        var response = new GetWorkflowExecutionHistoryReverseResponse { History = new Temporalio.Api.History.V1.History() };
        response.History.Events.AddRange(page);
        if (page.Count > 0 && page[^1].EventId > 1)
        {
            response.NextPageToken = ByteString.CopyFrom(new HistoryPageToken(key.RunId, page[^1].EventId - 1).ToBytes());
        }
        return response;
    }
}
