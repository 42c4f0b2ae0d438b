using System.Text.Json;
using System.Text.Json.Serialization;
using Fencepost.ConsoleWeb.Components.Controls;
using Fencepost.Engine.Introspection;

namespace Fencepost.ConsoleWeb.Hosting;

/// <summary>
/// "Why is this workflow stuck?" as JSON for signed-in console users: the same diagnosis as the
/// detail page, for scripts, tickets and curl. A run id of "current" diagnoses the workflow's current run.
/// </summary>
public static class WorkflowDiagnosisEndpoint
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static WebApplication MapWorkflowDiagnosis(this WebApplication app)
    {
        app.MapGet(WorkflowDiagnosisPath.Route,
            async (string @namespace, string workflowId, string runId, IWorkflowDiagnostics diagnostics, CancellationToken cancellationToken) =>
            {
                var diagnosis = await diagnostics.DiagnoseAsync(@namespace, workflowId, runId == "current" ? null : runId, cancellationToken);
                return diagnosis is null
                    ? Results.NotFound(new { error = $"No run {runId} of workflow {workflowId} in namespace {@namespace}." })
                    : Results.Json(diagnosis, Json);
            }).RequireAuthorization();
        return app;
    }
}
