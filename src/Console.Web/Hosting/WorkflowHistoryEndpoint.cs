using Fencepost.ConsoleWeb.Components.Controls;
using Fencepost.ConsoleWeb.Data;

namespace Fencepost.ConsoleWeb.Hosting;

/// <summary>Serves a run's history as Temporal's JSON file, for the detail page's download link.</summary>
public static class WorkflowHistoryEndpoint
{
    public static WebApplication MapWorkflowHistoryDownload(this WebApplication app)
    {
        app.MapGet("/workflows/{namespace}/{workflowId}/{runId}/history.json",
            async (string @namespace, string workflowId, string runId, IWorkflowDetails details, CancellationToken cancellationToken) =>
            {
                var detail = await details.GetAsync(@namespace, workflowId, runId, cancellationToken);
                if (detail is null)
                {
                    return Results.NotFound();
                }
                var json = WorkflowHistoryView.ToJson(workflowId, detail.Events);
                return Results.File(System.Text.Encoding.UTF8.GetBytes(json), "application/json", $"{workflowId}-{runId}-history.json");
            }).RequireAuthorization();
        return app;
    }
}
