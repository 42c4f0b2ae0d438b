using System.Text.Json;
using System.Text.Json.Nodes;
using Fencepost.ConsoleWeb.Data;
using Microsoft.AspNetCore.Components;
using Temporalio.Api.History.V1;
using Temporalio.Common;

namespace Fencepost.ConsoleWeb.Components.Controls;

/// <summary>
/// A run's history three ways: compact (one line per event with its meaningful fields), full (every
/// event expandable to all its fields) and JSON (Temporal's own history JSON, also downloadable).
/// A long history is shown a page of <see cref="PageSize"/> events at a time: rendered whole, a run
/// of 50,000 events took the browser and the server's circuit seconds and hundreds of megabytes.
/// The download always has the whole history.
/// </summary>
public sealed partial class WorkflowHistoryView
{
    public const string Compact = "compact";
    public const string Full = "full";
    public const string Json = "json";

    private static readonly (string View, string Label)[] Views = [(Compact, "Compact"), (Full, "Full"), (Json, "JSON")];

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    /// <summary>Events shown at once.</summary>
    public const int PageSize = 100;

    private string? _json;
    private int _page;

    [Parameter, EditorRequired]
    public required WorkflowRunRef Run { get; set; }

    [Parameter, EditorRequired]
    public required IReadOnlyList<HistoryEvent> Events { get; set; }

    /// <summary>compact, full or json; anything else shows compact.</summary>
    [Parameter]
    public string? View { get; set; }

    [Parameter]
    public EventCallback<string> ViewChanged { get; set; }

    private string CurrentView => View is Full or Json ? View : Compact;

    private int PageCount => Math.Max(1, (Events.Count + PageSize - 1) / PageSize);

    private int FirstShown => _page * PageSize;

    /// <summary>The events of the page shown, without copying the history.</summary>
    private IEnumerable<HistoryEvent> Shown
    {
        get
        {
            for (var i = FirstShown; i < Math.Min(FirstShown + PageSize, Events.Count); i++)
            {
                yield return Events[i];
            }
        }
    }

    private string ShownCaption => PageCount == 1
        ? $"{Events.Count} events"
        : $"Events {FirstShown + 1}–{Math.Min(FirstShown + PageSize, Events.Count)} of {Events.Count}";

    protected override void OnParametersSet()
    {
        // A reloaded run may be shorter than the page shown.
        _page = Math.Min(_page, PageCount - 1);
        BuildJson();
    }

    private void GoTo(int page)
    {
        _page = Math.Clamp(page, 0, PageCount - 1);
        BuildJson();
    }

    // Built only when shown, and for the page shown: a long history's JSON is large.
    private void BuildJson() =>
        _json = CurrentView == Json ? Indented(ToJson(Run.WorkflowId, [.. Shown])) : null;

    /// <summary>The history in the JSON form Temporal's CLI and UI export (and the SDK replayer reads).</summary>
    public static string ToJson(string workflowId, IReadOnlyList<HistoryEvent> events) =>
        new WorkflowHistory(workflowId, [.. events]).ToJson();

    private static string Indented(string json) => JsonNode.Parse(json)!.ToJsonString(IndentedJson);

    private static string Time(HistoryEvent e) => e.EventTime is null ? "" : e.EventTime.ToDateTimeOffset().UtcDateTime.ToString("HH:mm:ss.fff");
}
