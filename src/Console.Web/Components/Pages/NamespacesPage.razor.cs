using System.Globalization;
using Fencepost.ConsoleWeb.Data;
using Microsoft.AspNetCore.Components;

namespace Fencepost.ConsoleWeb.Components.Pages;

/// <summary>Every namespace with its state, retention, description and owner.</summary>
public sealed partial class NamespacesPage
{
    private IReadOnlyList<NamespaceRow>? _rows;
    private string? _error;
    private bool _loading;

    [Inject]
    public required INamespaceSource Namespaces { get; init; }

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _loading = true;
        _error = null;
        try
        {
            _rows = await Namespaces.ListAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or Engine.Persistence.Errors.PersistenceException)
        {
            _rows = null;
            _error = ex.Message;
        }
        finally
        {
            _loading = false;
        }
    }

    /// <summary>"3 days", "1 day 12 h", "17 min": the largest units that say it exactly.</summary>
    internal static string RetentionText(TimeSpan retention)
    {
        var parts = new List<string>();
        if (retention.Days > 0) parts.Add(retention.Days == 1 ? "1 day" : $"{retention.Days} days");
        if (retention.Hours > 0) parts.Add($"{retention.Hours} h");
        if (retention.Minutes > 0) parts.Add($"{retention.Minutes} min");
        if (retention.Seconds > 0) parts.Add($"{retention.Seconds} s");
        return parts.Count == 0 ? retention.ToString("c", CultureInfo.InvariantCulture) : string.Join(' ', parts);
    }
}
