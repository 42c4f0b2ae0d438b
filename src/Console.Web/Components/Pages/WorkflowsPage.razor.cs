using Fencepost.ConsoleWeb.Data;
using Fencepost.Engine.Persistence.Visibility;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Fencepost.ConsoleWeb.Components.Pages;

/// <summary>
/// Runs of a namespace filtered with Temporal's visibility query language, counts by status (click
/// one to filter), and paging. Namespace and query live in the URL so a view can be shared.
/// </summary>
public sealed partial class WorkflowsPage
{
    public const int PageSize = 50;
    private const string DefaultNamespace = "default";
    private IReadOnlyList<string> _namespaces = [];
    private readonly Stack<byte[]?> _previousTokens = new();
    private byte[]? _currentToken;
    private WorkflowPage? _page;
    private string? _error;
    private string _queryText = "";

    [Inject]
    public required IWorkflowSearch Search { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "ns")]
    public string? NamespaceParameter { get; set; }

    [SupplyParameterFromQuery(Name = "q")]
    public string? Query { get; set; }

    private string Namespace => string.IsNullOrEmpty(NamespaceParameter) ? DefaultNamespace : NamespaceParameter;

    protected override async Task OnInitializedAsync() => _namespaces = await Search.ListNamespacesAsync();

    protected override Task OnParametersSetAsync()
    {
        _queryText = Query ?? "";
        _previousTokens.Clear();
        _currentToken = null;
        return LoadAsync();
    }

    private async Task LoadAsync()
    {
        _error = null;
        try
        {
            _page = await Search.SearchAsync(Namespace, Query, PageSize, _currentToken);
        }
        catch (VisibilityQueryException ex)
        {
            _page = null;
            _error = ex.Message;
        }
        catch (ArgumentException ex)
        {
            _page = null;
            _error = ex.Message;
        }
    }

    private void Navigate(string ns, string? query) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["ns"] = ns == DefaultNamespace ? null : ns,
            ["q"] = string.IsNullOrWhiteSpace(query) ? null : query.Trim(),
        }));

    private Task SearchAsync()
    {
        if ((_queryText.Trim()) == (Query ?? "").Trim())
        {
            // Same URL: navigating would not reload, so reload here (new runs may have arrived).
            _previousTokens.Clear();
            _currentToken = null;
            return LoadAsync();
        }
        Navigate(Namespace, _queryText);
        return Task.CompletedTask;
    }

    private Task OnQueryKeyUp(KeyboardEventArgs e) => e.Key == "Enter" ? SearchAsync() : Task.CompletedTask;

    private void OnNamespaceChanged(string ns) => Navigate(ns, Query);

    private Task FilterByStatusAsync(string status)
    {
        _queryText = $"ExecutionStatus = '{status}'";
        return SearchAsync();
    }

    private Task NextAsync()
    {
        _previousTokens.Push(_currentToken);
        _currentToken = _page?.NextPageToken;
        return LoadAsync();
    }

    private Task PreviousAsync()
    {
        _currentToken = _previousTokens.Count > 0 ? _previousTokens.Pop() : null;
        return LoadAsync();
    }

    private static string StatusName(int status) =>
        VisibilityQueryParser.StatusValues.FirstOrDefault(s => s.Value == status).Key ?? $"status {status}";

    private static Color StatusColor(int status) => status switch
    {
        1 => Color.Info,
        2 => Color.Success,
        3 or 7 => Color.Error,
        4 or 5 => Color.Warning,
        _ => Color.Default,
    };
}
