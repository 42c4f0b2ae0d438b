using System.Security.Claims;
using Fencepost.ConsoleWeb.Data;
using Fencepost.ConsoleWeb.Workflows;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Fencepost.ConsoleWeb.Components.Controls;

/// <summary>
/// Confirms one signal, update, cancel, terminate, delete or reset: nothing is sent until the operator gave what the
/// action needs (a reason; a signal's or update's name and a valid JSON payload) and pressed the
/// confirm button. An update waits for the workflow's answer, which the result sentence gives.
/// </summary>
public sealed partial class WorkflowActionPanel
{
    private string _reason = "";
    private string _name = "";
    private string _payload = "";
    private string? _reasonError;
    private string? _nameError;
    private string? _payloadError;
    private long _resetEventId;
    private string? _resetPointError;
    private string? _problem;
    private bool _busy;

    [Inject]
    public required IWorkflowDetails Details { get; init; }

    [Parameter, EditorRequired]
    public required WorkflowAction Action { get; set; }

    [Parameter, EditorRequired]
    public required WorkflowRunRef Run { get; set; }

    [Parameter, EditorRequired]
    public required ClaimsPrincipal User { get; set; }

    /// <summary>What a reset may go back to (the run's workflow task completed events); the first is chosen until the operator picks another.</summary>
    [Parameter]
    public IReadOnlyList<ResetPointOption> ResetPoints { get; set; } = [];

    /// <summary>Raised with a sentence saying what was done.</summary>
    [Parameter]
    public EventCallback<string> Done { get; set; }

    [Parameter]
    public EventCallback Closed { get; set; }

    private string Identity => "console:" + (User.Identity?.Name ?? "?");

    private string Title => Action switch
    {
        WorkflowAction.Signal => "Signal workflow",
        WorkflowAction.Update => "Update workflow",
        WorkflowAction.Cancel => "Cancel workflow",
        WorkflowAction.Delete => "Delete workflow",
        WorkflowAction.Reset => "Reset workflow",
        _ => "Terminate workflow",
    };

    private string Explanation => Action switch
    {
        WorkflowAction.Signal => $"Sends a signal to run {Run.RunId}; the workflow's code decides what it means.",
        WorkflowAction.Update => $"Sends an update to run {Run.RunId} and waits for the answer: the workflow's validator may reject it (nothing is recorded then); if accepted, its handler runs and the update and its outcome are recorded in history.",
        WorkflowAction.Cancel => $"Asks run {Run.RunId} to cancel: the workflow's code is told and may clean up before it closes.",
        WorkflowAction.Delete => $"Deletes run {Run.RunId} and its whole history now, as retention would later; a running run is terminated first. Nothing of it can be read afterwards. This cannot be undone.",
        WorkflowAction.Reset => $"Starts a new run from run {Run.RunId}'s history up to the chosen workflow task, which the workers run again with the code they have now; the workflow's current run is terminated if it still runs, and signals received after that point are delivered again. The old run stays as it is.",
        _ => $"Stops run {Run.RunId} at once: no workflow code runs again, pending activities are abandoned. This cannot be undone.",
    };

    private string ConfirmLabel => Action switch
    {
        WorkflowAction.Signal => "Send signal",
        WorkflowAction.Update => "Send update",
        WorkflowAction.Cancel => "Request cancellation",
        WorkflowAction.Delete => "Delete",
        WorkflowAction.Reset => "Reset",
        _ => "Terminate",
    };

    private Color ConfirmColor => Action switch
    {
        WorkflowAction.Signal or WorkflowAction.Update => Color.Primary,
        WorkflowAction.Cancel or WorkflowAction.Reset => Color.Warning,
        _ => Color.Error,
    };

    private async Task ConfirmAsync()
    {
        _problem = null;
        if (!Validate())
        {
            return;
        }
        _busy = true;
        try
        {
            var result = await SendAsync();
            await Done.InvokeAsync(result);
        }
        catch (WorkflowActionException ex)
        {
            _problem = ex.Message;
        }
        catch (UnauthorizedAccessException ex)
        {
            _problem = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private bool Validate()
    {
        if (Action == WorkflowAction.Signal)
        {
            _nameError = string.IsNullOrWhiteSpace(_name) ? "Name the signal the workflow listens for." : null;
            _payloadError = SignalPayload.Validate(_payload);
            return _nameError is null && _payloadError is null;
        }
        if (Action == WorkflowAction.Update)
        {
            _nameError = string.IsNullOrWhiteSpace(_name) ? "Name the update the workflow handles." : null;
            _payloadError = SignalPayload.Validate(_payload);
            _reasonError = string.IsNullOrWhiteSpace(_reason) ? "Say why: the reason is recorded with the update." : null;
            return _nameError is null && _payloadError is null && _reasonError is null;
        }
        _reasonError = string.IsNullOrWhiteSpace(_reason)
            ? Action == WorkflowAction.Delete ? "Say why: the reason is recorded in the console's log." : "Say why: the reason is recorded in the workflow's history."
            : null;
        if (Action == WorkflowAction.Reset)
        {
            _resetPointError = ResetPoints.Any(p => p.EventId == _resetEventId) ? null : "Choose the workflow task to reset to.";
            return _reasonError is null && _resetPointError is null;
        }
        return _reasonError is null;
    }

    protected override void OnParametersSet()
    {
        if (_resetEventId == 0 && ResetPoints.Count > 0)
        {
            // The first workflow task: where a bad deploy is usually undone from.
            _resetEventId = ResetPoints[0].EventId;
        }
    }

    private string PointLabel(long eventId) => ResetPoints.FirstOrDefault(p => p.EventId == eventId)?.Label ?? "";

    private void OnResetPointChanged(long eventId)
    {
        _resetEventId = eventId;
        _resetPointError = null;
    }

    private async Task<string> SendAsync()
    {
        switch (Action)
        {
            case WorkflowAction.Signal:
                await Details.SignalAsync(User, Run, _name, _payload);
                return $"Signal '{_name.Trim()}' sent.";
            case WorkflowAction.Update:
                return await Details.UpdateAsync(User, Run, _name, _payload, _reason);
            case WorkflowAction.Cancel:
                await Details.RequestCancelAsync(User, Run, _reason);
                return $"Cancellation requested: {_reason.Trim()}";
            case WorkflowAction.Delete:
                await Details.DeleteAsync(User, Run, _reason);
                return $"Deleted: {_reason.Trim()}";
            case WorkflowAction.Reset:
                var newRunId = await Details.ResetAsync(User, Run, _resetEventId, _reason);
                return $"Reset to event {_resetEventId}: new run {newRunId}. {_reason.Trim()}";
            default:
                await Details.TerminateAsync(User, Run, _reason);
                return $"Terminated: {_reason.Trim()}";
        }
    }
}
