namespace Fencepost.ConsoleWeb.Data;

/// <summary>Names one run: the detail page's URL parts.</summary>
public sealed record WorkflowRunRef(string Namespace, string WorkflowId, string RunId)
{
    /// <summary>The detail page of this run (each part escaped, since workflow ids may hold slashes).</summary>
    public string DetailPath => $"/workflows/{Uri.EscapeDataString(Namespace)}/{Uri.EscapeDataString(WorkflowId)}/{Uri.EscapeDataString(RunId)}";

    /// <summary>Where the history downloads as Temporal's JSON.</summary>
    public string HistoryJsonPath => DetailPath + "/history.json";
}
