using Fencepost.Engine.Introspection;

namespace Fencepost.ConsoleWeb.Tests.Fakes;

/// <summary>Diagnoses set by the test, by workflow id; counts calls so a test sees a refresh.</summary>
public sealed class FakeWorkflowDiagnostics : IWorkflowDiagnostics
{
    private readonly Dictionary<string, WorkflowDiagnosis> _byWorkflow = new(StringComparer.Ordinal);

    public int Calls { get; private set; }

    public void Set(WorkflowDiagnosis diagnosis) => _byWorkflow[diagnosis.WorkflowId] = diagnosis;

    public Task<WorkflowDiagnosis?> DiagnoseAsync(string namespaceName, string workflowId, string? runId, CancellationToken cancellationToken = default)
    {
        Calls++;
        return Task.FromResult(_byWorkflow.GetValueOrDefault(workflowId));
    }
}
