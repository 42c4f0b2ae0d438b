using Fencepost.ConsoleWeb.Data;
using Microsoft.AspNetCore.Components;
using Temporalio.Api.Schedule.V1;

namespace Fencepost.ConsoleWeb.Components.Pages;

/// <summary>
/// A namespace's schedules: state (active or paused), the spec in plain words, the next run and
/// the result of the last action. The namespace lives in the URL.
/// </summary>
public sealed partial class SchedulesPage
{
    public const int Limit = 500;
    private IReadOnlyList<string> _namespaces = [];
    private IReadOnlyList<ScheduleListEntry>? _schedules;
    private string? _error;
    private bool _loading;

    [Inject]
    public required IScheduleSource Schedules { get; init; }

    [Inject]
    public required IWorkflowSearch Search { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "ns")]
    public string? NamespaceParameter { get; set; }

    private string Namespace => string.IsNullOrEmpty(NamespaceParameter) ? FrontendClient.DefaultNamespace : NamespaceParameter;

    protected override async Task OnInitializedAsync() => _namespaces = await Search.ListNamespacesAsync();

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _loading = true;
        _error = null;
        try
        {
            _schedules = await Schedules.ListAsync(Namespace, Limit);
        }
        catch (Exception ex) when (ex is Temporalio.Exceptions.RpcException or InvalidOperationException or TimeoutException)
        {
            _schedules = null;
            _error = ex.Message;
        }
        finally
        {
            _loading = false;
        }
    }

    private void OnNamespaceChanged(string ns) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("ns", ns == FrontendClient.DefaultNamespace ? null : ns));
}
