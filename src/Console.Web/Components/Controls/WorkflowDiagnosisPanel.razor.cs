using Fencepost.Engine.Introspection;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Fencepost.ConsoleWeb.Components.Controls;

/// <summary>The workflow detail page's answer to "why is this run not making progress?", read on demand.</summary>
public sealed partial class WorkflowDiagnosisPanel
{
    private WorkflowDiagnosis? _diagnosis;
    private string? _error;
    private bool _loading;

    [Inject]
    public required IWorkflowDiagnostics Diagnostics { get; init; }

    [Parameter, EditorRequired]
    public required string Namespace { get; set; }

    [Parameter, EditorRequired]
    public required string WorkflowId { get; set; }

    [Parameter, EditorRequired]
    public required string RunId { get; set; }

    /// <summary>The same diagnosis as JSON, for scripts and tickets.</summary>
    private string JsonPath => WorkflowDiagnosisPath.For(Namespace, WorkflowId, RunId);

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _loading = true;
        _error = null;
        try
        {
            _diagnosis = await Diagnostics.DiagnoseAsync(Namespace, WorkflowId, RunId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _diagnosis = null;
            _error = ex.Message;
        }
        finally
        {
            _loading = false;
        }
    }

    internal static Severity SeverityOf(WorkflowDiagnosisKind kind) => kind switch
    {
        WorkflowDiagnosisKind.Closed or WorkflowDiagnosisKind.WorkflowTaskRunning or WorkflowDiagnosisKind.ActivityRunning => Severity.Success,
        WorkflowDiagnosisKind.WaitingForTimer or WorkflowDiagnosisKind.WaitingForChild or WorkflowDiagnosisKind.Idle
            or WorkflowDiagnosisKind.WorkflowTaskQueued or WorkflowDiagnosisKind.ActivityQueued => Severity.Info,
        WorkflowDiagnosisKind.ActivityFailing => Severity.Warning,
        _ => Severity.Error,
    };
}
