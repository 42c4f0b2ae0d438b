using System.Security.Claims;
using Fencepost.ConsoleWeb.Data;
using Fencepost.ConsoleWeb.Schedules;
using Fencepost.ConsoleWeb.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Temporalio.Api.Enums.V1;

namespace Fencepost.ConsoleWeb.Components.Pages;

/// <summary>
/// One schedule: the spec in plain words, its action and policies, counts, upcoming and recent
/// actions with links to the workflows they started, and the operator's actions (pause, unpause,
/// trigger, backfill), each confirmed with a reason.
/// </summary>
public sealed partial class ScheduleDetailPage : IDisposable
{
    private ScheduleDetail? _detail;
    private string? _loadError;
    private bool _loading;
    private ScheduleAction? _action;
    private string? _actionResult;
    private string? _whyNotOperate;
    private ClaimsPrincipal _user = new();
    private string? _loadedFor;

    [Inject]
    public required IScheduleSource Schedules { get; init; }

    [Inject]
    public required ConsolePermissions Permissions { get; init; }

    [Inject]
    public required ReadOnlyMode ReadOnly { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [CascadingParameter]
    public required Task<AuthenticationState> AuthenticationState { get; set; }

    [Parameter]
    public required string Namespace { get; set; }

    [Parameter]
    public required string ScheduleId { get; set; }

    private bool Paused => _detail?.Description.Schedule.State?.Paused ?? false;

    private bool CanAct => _whyNotOperate is null && _detail is not null;

    private List<BreadcrumbItem> Breadcrumbs =>
    [
        new("Schedules", Namespace == FrontendClient.DefaultNamespace ? "/schedules" : "/schedules?ns=" + Uri.EscapeDataString(Namespace)),
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
        var key = $"{Namespace}\n{ScheduleId}";
        if (key == _loadedFor)
        {
            return Task.CompletedTask;
        }
        _loadedFor = key;
        _action = null;
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
            _detail = await Schedules.GetAsync(Namespace, ScheduleId);
        }
        catch (Exception ex) when (ex is Temporalio.Exceptions.RpcException or InvalidOperationException or TimeoutException)
        {
            _detail = null;
            _loadError = ex.Message;
        }
        finally
        {
            _loading = false;
        }
    }

    private void Open(ScheduleAction action)
    {
        _actionResult = null;
        _action = action;
    }

    private void CloseAction() => _action = null;

    private async Task OnActionDoneAsync(string result)
    {
        _action = null;
        _actionResult = result;
        await LoadAsync();
    }

    /// <summary>The Workflows page listing every run whose id is the action's id plus a scheduled time.</summary>
    private string StartedWorkflowsPath(string baseWorkflowId)
    {
        var query = Uri.EscapeDataString($"WorkflowId STARTS_WITH '{baseWorkflowId.Replace("'", "\\'", StringComparison.Ordinal)}-'");
        return Namespace == FrontendClient.DefaultNamespace ? $"/workflows?q={query}" : $"/workflows?ns={Uri.EscapeDataString(Namespace)}&q={query}";
    }

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

    private static string OverlapText(ScheduleOverlapPolicy policy) => policy switch
    {
        ScheduleOverlapPolicy.Unspecified or ScheduleOverlapPolicy.Skip => "Skip: an action due while the last run is open is not taken",
        ScheduleOverlapPolicy.BufferOne => "Buffer one: one action waits for the open run to close",
        ScheduleOverlapPolicy.BufferAll => "Buffer all: every action waits its turn",
        ScheduleOverlapPolicy.CancelOther => "Cancel other: the open run is cancelled, then the action starts",
        ScheduleOverlapPolicy.TerminateOther => "Terminate other: the open run is terminated, then the action starts",
        ScheduleOverlapPolicy.AllowAll => "Allow all: actions start whatever is running",
        _ => policy.ToString(),
    };
}
