using System.Security.Claims;
using Fencepost.ConsoleWeb.Components.Controls;
using Fencepost.ConsoleWeb.Data;
using Fencepost.ConsoleWeb.Security;
using Fencepost.ConsoleWeb.Workflows;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Fencepost.ConsoleWeb.Components.Pages;

/// <summary>
/// One run: summary, run chain, pending activities, open children, history (compact, full, JSON; one
/// page read at a time) and the operator's actions (signal, update, cancel, terminate), each confirmed
/// (with a reason, except a signal). The history view lives in the URL.
/// </summary>
public sealed partial class WorkflowDetailPage : IDisposable
{
    private WorkflowRunView? _view;
    private HistoryPager? _pager;
    private IReadOnlyList<ResetPointOption> _resetPoints = [];
    private IReadOnlyList<UpdateRun> _updates = [];
    private string? _loadError;
    private bool _loading;
    private WorkflowAction? _action;
    private string? _deleted;
    private string? _actionResult;
    private string? _whyNotOperate;
    private ClaimsPrincipal _user = new();
    private string? _loadedFor;

    [Inject]
    public required IWorkflowDetails Details { get; init; }

    [Inject]
    public required ConsolePermissions Permissions { get; init; }

    [Inject]
    public required ReadOnlyMode ReadOnly { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [CascadingParameter]
    public required Task<AuthenticationState> AuthenticationState { get; set; }

    [Parameter]
    public required string Namespace { get; set; }

    [Parameter]
    public required string WorkflowId { get; set; }

    [Parameter]
    public required string RunId { get; set; }

    [SupplyParameterFromQuery(Name = "view")]
    public string? View { get; set; }

    private bool CanAct => _whyNotOperate is null && _view is { IsRunning: true };

    /// <summary>Open or closed, a run can be deleted by an operator (not in read-only mode).</summary>
    private bool CanDelete => _whyNotOperate is null && _view is not null;
    /// <summary>Reset works on closed runs too; it needs a completed workflow task to go back to.</summary>
    private bool CanReset => _whyNotOperate is null && _view is not null && _resetPoints.Count > 0;

    private List<BreadcrumbItem> Breadcrumbs =>
    [
        new("Workflows", Namespace == FrontendClient.DefaultNamespace ? "/workflows" : "/workflows?ns=" + Uri.EscapeDataString(Namespace)),
        new(Namespace, href: null, disabled: true),
    ];

    protected override async Task OnInitializedAsync()
    {
        _user = (await AuthenticationState).User;
        ReadOnly.Changed += OnReadOnlyChanged;
        _whyNotOperate = Permissions.WhyNotOperate(_user);
    }

    protected override Task OnParametersSetAsync()
    {
        // A change of view (query string) keeps the loaded run; another run loads afresh.
        var key = $"{Namespace}\n{WorkflowId}\n{RunId}";
        if (key == _loadedFor)
        {
            return Task.CompletedTask;
        }
        _loadedFor = key;
        _action = null;
        _deleted = null;
        _actionResult = null;
        return LoadAsync();
    }

    public void Dispose() => ReadOnly.Changed -= OnReadOnlyChanged;

    private async Task LoadAsync()
    {
        _loading = true;
        _loadError = null;
        try
        {
            var detail = await Details.GetAsync(Namespace, WorkflowId, RunId);
            if (detail is null)
            {
                _view = null;
                _pager = null;
                return;
            }
            var execution = detail.Description.WorkflowExecutionInfo.Execution;
            var pager = new HistoryPager(Details, new WorkflowRunRef(detail.Namespace, execution.WorkflowId, execution.RunId), WorkflowHistoryView.PageSize);
            await pager.FirstAsync();
            _pager = pager;
            _view = WorkflowRunView.From(detail, pager.Events.FirstOrDefault(e => e.EventId == 1));
            OnPageChanged();
        }
        catch (Exception ex) when (ex is Temporalio.Exceptions.RpcException or InvalidOperationException or TimeoutException)
        {
            _view = null;
            _pager = null;
            _loadError = ex.Message;
        }
        finally
        {
            _loading = false;
        }
    }

    // Updates and reset points are read from the page of history shown, never from the whole history.
    private void OnPageChanged()
    {
        _updates = _view is null || _pager is null ? [] : WorkflowRunView.UpdatesIn(_pager.Events, _view.IsRunning, !_pager.HasNext);
        _resetPoints = _view is null || _pager is null ? [] : ResetPointsOf(_view, _pager.Events);
    }

    /// <summary>
    /// The run's auto-reset points (the first workflow task each worker build completed, from its
    /// description) and the workflow tasks completed in the page shown: to reset to another point,
    /// the operator pages the history to it.
    /// </summary>
    internal static IReadOnlyList<ResetPointOption> ResetPointsOf(WorkflowRunView view, IReadOnlyList<HistoryEvent> page)
    {
        var points = new SortedDictionary<long, ResetPointOption>();
        foreach (var auto in view.Detail.Description.WorkflowExecutionInfo.AutoResetPoints?.Points ?? [])
        {
            points[auto.FirstWorkflowTaskCompletedId] = new ResetPointOption(auto.FirstWorkflowTaskCompletedId, auto.CreateTime?.ToDateTimeOffset() ?? DateTimeOffset.MinValue);
        }
        foreach (var completed in page.Where(e => e.EventType == EventType.WorkflowTaskCompleted))
        {
            points[completed.EventId] = new ResetPointOption(completed.EventId, completed.EventTime?.ToDateTimeOffset() ?? DateTimeOffset.MinValue);
        }
        return [.. points.Values];
    }

    private void Open(WorkflowAction action)
    {
        _actionResult = null;
        _action = action;
    }

    private void CloseAction() => _action = null;

    private async Task OnActionDoneAsync(string result)
    {
        if (_action == WorkflowAction.Delete)
        {
            // Nothing left to reload: the page says it was deleted, and why.
            _action = null;
            _view = null;
            _deleted = result;
            return;
        }
        _action = null;
        _actionResult = result;
        await LoadAsync();
    }

    private void OnViewChanged(string view) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("view", view == WorkflowHistoryView.Compact ? null : view), replace: true);

    // The read-only switch moves on another circuit's thread.
    private void OnReadOnlyChanged(object? sender, EventArgs e) => _ = InvokeAsync(() =>
    {
        _whyNotOperate = Permissions.WhyNotOperate(_user);
        if (_whyNotOperate is not null)
        {
            _action = null;
        }
        StateHasChanged();
    });

    private static string Utc(Timestamp? time) => time is null ? "" : time.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff");

    internal static Color StatusColor(WorkflowExecutionStatus status) => status switch
    {
        WorkflowExecutionStatus.Running => Color.Info,
        WorkflowExecutionStatus.Completed => Color.Success,
        WorkflowExecutionStatus.Failed or WorkflowExecutionStatus.Terminated => Color.Error,
        WorkflowExecutionStatus.Canceled or WorkflowExecutionStatus.TimedOut => Color.Warning,
        _ => Color.Default,
    };
}
