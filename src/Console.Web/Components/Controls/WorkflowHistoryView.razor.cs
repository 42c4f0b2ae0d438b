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
/// </summary>
public sealed partial class WorkflowHistoryView
{
    public const string Compact = "compact";
    public const string Full = "full";
    public const string Json = "json";

    private static readonly (string View, string Label)[] Views = [(Compact, "Compact"), (Full, "Full"), (Json, "JSON")];

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    private string? _json;

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

    protected override void OnParametersSet() =>
        // Built only when shown: a long history's JSON is large.
        _json = CurrentView == Json ? Indented(ToJson(Run.WorkflowId, Events)) : null;

    /// <summary>The history in the JSON form Temporal's CLI and UI export (and the SDK replayer reads).</summary>
    public static string ToJson(string workflowId, IReadOnlyList<HistoryEvent> events) =>
        new WorkflowHistory(workflowId, [.. events]).ToJson();

    private static string Indented(string json) => JsonNode.Parse(json)!.ToJsonString(IndentedJson);

    private static string Time(HistoryEvent e) => e.EventTime is null ? "" : e.EventTime.ToDateTimeOffset().UtcDateTime.ToString("HH:mm:ss.fff");
}
