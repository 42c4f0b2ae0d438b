namespace Fencepost.Engine.Introspection;

/// <summary>Answers "why is this workflow stuck?" for the console and its JSON endpoint.</summary>
public interface IWorkflowDiagnostics
{
    /// <summary>The diagnosis of the run (the current run when <paramref name="runId"/> is empty); null when the namespace, workflow or run does not exist.</summary>
    Task<WorkflowDiagnosis?> DiagnoseAsync(string namespaceName, string workflowId, string? runId, CancellationToken cancellationToken = default);
}
