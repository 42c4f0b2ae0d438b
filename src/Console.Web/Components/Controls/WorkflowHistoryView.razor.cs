using System.Text.Json;
using System.Text.Json.Nodes;
using Fencepost.ConsoleWeb.Data;
using Fencepost.ConsoleWeb.Workflows;
using Microsoft.AspNetCore.Components;
using Temporalio.Api.History.V1;
using Temporalio.Common;

namespace Fencepost.ConsoleWeb.Components.Controls;

/// <summary>
/// A run's history three ways: compact (one line per event with its meaningful fields), full (every
/// event expandable to all its fields) and JSON (Temporal's own history JSON, also downloadable).
/// A page of <see cref="PageSize"/> events is read from the frontend at a time and only that page is
/// held (<see cref="HistoryPager"/>): read whole, a run of 50,000 events cost the server seconds and
/// hundreds of megabytes per viewer. The download streams the whole history page by page.
/// </summary>
public sealed partial class WorkflowHistoryView
{
    public const string Compact = "compact";
    public const string Full = "full";
    public const string Json = "json";

    private static readonly (string View, string Label)[] Views = [(Compact, "Compact"), (Full, "Full"), (Json, "JSON")];

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    /// <summary>Events shown (and read) at once.</summary>
    public const int PageSize = 100;

    private string? _json;
    private bool _turning;
    private string? _turnError;

    [Parameter, EditorRequired]
    public required WorkflowRunRef Run { get; set; }

    /// <summary>The page shown, already read; the view turns it.</summary>
    [Parameter, EditorRequired]
    public required HistoryPager Pager { get; set; }

    /// <summary>The run's event count as its description gave it (pages are counted from it).</summary>
    [Parameter]
    public long HistoryLength { get; set; }

    /// <summary>compact, full or json; anything else shows compact.</summary>
    [Parameter]
    public string? View { get; set; }

    [Parameter]
    public EventCallback<string> ViewChanged { get; set; }

    /// <summary>Raised after another page was read, so the page around can show what it holds.</summary>
    [Parameter]
    public EventCallback PageChanged { get; set; }

    private string CurrentView => View is Full or Json ? View : Compact;

    private IReadOnlyList<HistoryEvent> Shown => Pager.Events;

    // A running run may have grown past the count described: never fewer pages than already seen.
    private long PageCount => Math.Max(Pager.PageIndex + (Pager.HasNext ? 2 : 1), (HistoryLength + Pager.PageSize - 1) / Pager.PageSize);

    private string ShownCaption
    {
        get
        {
            var total = Math.Max(HistoryLength, Shown.Count == 0 ? 0 : Shown[^1].EventId);
            return !Pager.HasPrevious && !Pager.HasNext
                ? $"{Shown.Count} events"
                : $"Events {Shown[0].EventId}–{Shown[^1].EventId} of {total}";
        }
    }

    protected override void OnParametersSet() => BuildJson();

    private async Task TurnAsync(Func<CancellationToken, Task> turn)
    {
        _turning = true;
        _turnError = null;
        try
        {
            await turn(CancellationToken.None);
        }
        catch (Exception ex) when (ex is Temporalio.Exceptions.RpcException or InvalidOperationException or TimeoutException)
        {
            _turnError = ex.Message;
        }
        finally
        {
            _turning = false;
        }
        BuildJson();
        await PageChanged.InvokeAsync();
    }

    // Built only when shown, and for the page shown.
    private void BuildJson() =>
        _json = CurrentView == Json && Shown.Count > 0 ? Indented(ToJson(Run.WorkflowId, Shown)) : null;

    /// <summary>The history in the JSON form Temporal's CLI and UI export (and the SDK replayer reads).</summary>
    public static string ToJson(string workflowId, IReadOnlyList<HistoryEvent> events) =>
        new WorkflowHistory(workflowId, [.. events]).ToJson();

    private static string Indented(string json) => JsonNode.Parse(json)!.ToJsonString(IndentedJson);

    private static string Time(HistoryEvent e) => e.EventTime is null ? "" : e.EventTime.ToDateTimeOffset().UtcDateTime.ToString("HH:mm:ss.fff");
}
