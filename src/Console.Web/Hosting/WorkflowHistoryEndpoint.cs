using System.Text;
using Fencepost.ConsoleWeb.Data;
using Google.Protobuf;

namespace Fencepost.ConsoleWeb.Hosting;

/// <summary>
/// Serves a run's history as Temporal's JSON file, for the detail page's download link. The history is
/// read a page at a time and each page written out before the next is read, so a long run never sits
/// whole in the server's memory.
/// </summary>
public static class WorkflowHistoryEndpoint
{
    /// <summary>Events asked for per page (the frontend caps it at its own maximum).</summary>
    private const int DownloadPageSize = 1_000;

    public static WebApplication MapWorkflowHistoryDownload(this WebApplication app)
    {
        app.MapGet("/workflows/{namespace}/{workflowId}/{runId}/history.json",
            async (string @namespace, string workflowId, string runId, IWorkflowDetails details, CancellationToken cancellationToken) =>
            {
                var run = new WorkflowRunRef(@namespace, workflowId, runId);
                // The first page before any byte is sent, so an unknown run is a 404 and not a broken file.
                HistoryPage first;
                try
                {
                    first = await details.GetHistoryPageAsync(run, null, DownloadPageSize, cancellationToken);
                }
                catch (Temporalio.Exceptions.RpcException ex) when (ex.Code is Temporalio.Exceptions.RpcException.StatusCode.NotFound or Temporalio.Exceptions.RpcException.StatusCode.InvalidArgument)
                {
                    return Results.NotFound();
                }
                return Results.Stream(body => WriteAsync(body, details, run, first, cancellationToken), "application/json", $"{workflowId}-{runId}-history.json");
            }).RequireAuthorization();
        return app;
    }

    /// <summary>Writes <c>{"events":[...]}</c>, each event as Temporal's JSON formats it, page after page.</summary>
    private static async Task WriteAsync(Stream body, IWorkflowDetails details, WorkflowRunRef run, HistoryPage first, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true);
        await writer.WriteAsync("{\"events\":[");
        var page = first;
        var written = 0;
        while (true)
        {
            foreach (var e in page.Events)
            {
                if (written++ > 0)
                {
                    await writer.WriteAsync(',');
                }
                await writer.WriteAsync(JsonFormatter.Default.Format(e));
            }
            if (page.NextPageToken is null || page.Events.Count == 0)
            {
                break;
            }
            await writer.FlushAsync(cancellationToken);
            page = await details.GetHistoryPageAsync(run, page.NextPageToken, DownloadPageSize, cancellationToken);
        }
        await writer.WriteAsync("]}");
    }
}
