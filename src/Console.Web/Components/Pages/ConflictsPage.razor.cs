using Fencepost.ConsoleWeb.Components.Controls;
using Fencepost.ConsoleWeb.Data.Conflicts;
using Fencepost.Diagnostics.Conflicts;
using Microsoft.AspNetCore.Components;

namespace Fencepost.ConsoleWeb.Components.Pages;

/// <summary>
/// Hot keys: OCC conflicts by table and key with count, rate, retries, exhausted, last seen and trend,
/// a key x time heatmap, and a drill-down to the operations that lost the races. Each beat re-queries
/// the conflict log with this viewer's window and filters.
/// </summary>
public sealed partial class ConflictsPage : TelemetryPage
{
    private string? _table;
    private string? _keyContains;
    private string? _operation;
    private string? _drilled;
    private ConflictsView? _view;

    [Inject]
    public required ConflictLog Log { get; init; }

    protected override void Recompute()
    {
        var query = new ConflictQuery
        {
            Window = Window,
            Table = _table,
            KeyContains = string.IsNullOrWhiteSpace(_keyContains) ? null : _keyContains.Trim(),
            Operation = string.IsNullOrWhiteSpace(_operation) ? null : _operation.Trim(),
        };
        _view = ConflictsView.Read(Log, query, Time.GetUtcNow());
    }

    private void SetTable(string? table)
    {
        _table = table;
        Recompute();
    }

    private void SetKeyFilter(string? text)
    {
        _keyContains = text;
        Recompute();
    }

    private void SetOperation(string? text)
    {
        _operation = text;
        Recompute();
    }

    private void ToggleDrill(string id) => _drilled = _drilled == id ? null : id;

    private static string KeyId(ConflictKeySummary key) => $"{key.Store}/{key.Table}/{key.ShardId}/{key.Key}";

    private static string TrendText(ConflictTrend trend) => trend switch
    {
        ConflictTrend.New => "new",
        ConflictTrend.Rising => "rising",
        ConflictTrend.Falling => "falling",
        ConflictTrend.Steady => "steady",
        _ => "unknown",
    };

    private static string TrendTitle(ConflictKeySummary key) => key.PreviousCount is { } before
        ? $"{before} in the previous window of the same length"
        : "The previous window lies beyond the log's retention";
}
