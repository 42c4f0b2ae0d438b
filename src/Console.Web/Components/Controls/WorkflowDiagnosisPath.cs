namespace Fencepost.ConsoleWeb.Components.Controls;

/// <summary>Where a run's diagnosis is served as JSON (the panel links it; the endpoint maps it).</summary>
public static class WorkflowDiagnosisPath
{
    public const string Route = "/workflows/{namespace}/{workflowId}/{runId}/diagnosis.json";

    public static string For(string namespaceName, string workflowId, string runId) =>
        $"/workflows/{Uri.EscapeDataString(namespaceName)}/{Uri.EscapeDataString(workflowId)}/{Uri.EscapeDataString(runId)}/diagnosis.json";
}
