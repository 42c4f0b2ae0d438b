using System.Security.Claims;
using Fencepost.ConsoleWeb.Data;
using Fencepost.ConsoleWeb.Security;
using Fencepost.Engine.Persistence.Model;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Fencepost.ConsoleWeb.Components.Pages;

/// <summary>
/// Every registered key with its default, stored values and scopes; operators change values with a
/// reason; the audit log below says who changed what, when and why. The filter lives in the URL.
/// </summary>
public sealed partial class DynamicConfigPage
{
    private const int AuditRows = 50;
    private IReadOnlyList<DynamicConfigRow> _rows = [];
    private IReadOnlyList<DynamicConfigAuditRecord>? _audit;
    private DynamicConfigRow? _editing;
    private ClaimsPrincipal _user = new();
    private string? _whyNotOperate;
    private int _allCount;

    [Inject]
    public required DynamicConfigService Service { get; init; }

    [Inject]
    public required ConsolePermissions Permissions { get; init; }

    [Inject]
    public required ReadOnlyMode ReadOnly { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [CascadingParameter]
    public required Task<AuthenticationState> AuthenticationState { get; set; }

    [SupplyParameterFromQuery(Name = "q")]
    public string? Query { get; set; }

    [SupplyParameterFromQuery(Name = "set")]
    public bool OnlySet { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _user = (await AuthenticationState).User;
        Service.Config.Changed += OnConfigChanged;
        ReadOnly.Changed += OnConfigChanged;
        await LoadAuditAsync();
    }

    protected override void OnParametersSet() => Reload();

    public void Dispose()
    {
        Service.Config.Changed -= OnConfigChanged;
        ReadOnly.Changed -= OnConfigChanged;
    }

    private void Reload()
    {
        _whyNotOperate = Permissions.WhyNotOperate(_user);
        var all = Service.Rows();
        _allCount = all.Count;
        _rows = all
            .Where(r => string.IsNullOrWhiteSpace(Query)
                || r.Key.Name.Contains(Query.Trim(), StringComparison.OrdinalIgnoreCase)
                || r.Key.Description.Contains(Query.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(r => !OnlySet || !r.IsDefault || r.Overrides.Count > 0)
            .ToList();
        if (_editing is not null)
        {
            _editing = all.FirstOrDefault(r => r.Key.Name == _editing.Key.Name);
        }
        if (_whyNotOperate is not null)
        {
            _editing = null;
        }
    }

    private async Task LoadAuditAsync() => _audit = await Service.AuditAsync(AuditRows);

    private void OnQueryChanged(string query) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("q", string.IsNullOrWhiteSpace(query) ? null : query), replace: true);

    private void OnOnlySetChanged(bool onlySet) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("set", onlySet ? true : (bool?)null), replace: true);

    private void Edit(DynamicConfigRow row) => _editing = row;

    private void CloseEditor() => _editing = null;

    private async Task OnSavedAsync()
    {
        _editing = null;
        Reload();
        await LoadAuditAsync();
    }

    // Changes from other nodes (pushed or polled) and the read-only switch arrive on other threads.
    private void OnConfigChanged(object? sender, EventArgs e) => _ = InvokeAsync(async () =>
    {
        try
        {
            Reload();
            await LoadAuditAsync();
            StateHasChanged();
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    });
}
