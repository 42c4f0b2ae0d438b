using Fencepost.Diagnostics.Conflicts;

namespace Fencepost.ConsoleWeb.Data.Conflicts;

/// <summary>What the Conflicts page shows for one query at one instant.</summary>
public sealed record ConflictsView(
    ConflictQuery Query,
    DateTimeOffset At,
    IReadOnlyList<ConflictTableTotal> Tables,
    IReadOnlyList<ConflictKeySummary> TopKeys,
    ConflictHeatmap Heatmap)
{
    /// <summary>Heatmap columns asked for; a short window gets fewer (columns are at least a second wide).</summary>
    public const int HeatmapColumns = 30;

    public static ConflictsView Read(ConflictLog log, ConflictQuery query, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(log);
        // Table chips ignore the table filter, so the operator can switch tables from them.
        var tables = log.TableTotals(query with { Table = null });
        return new ConflictsView(query, at, tables, log.TopKeys(query), log.Heatmap(query, HeatmapColumns));
    }
}
