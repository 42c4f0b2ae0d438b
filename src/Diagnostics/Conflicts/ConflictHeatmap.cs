namespace Fencepost.Diagnostics.Conflicts;

/// <summary>
/// Key x time grid: rows are the top keys of the window (hottest first), columns are equal slices of
/// the window starting at <see cref="From"/>, each <see cref="ColumnWidth"/> long.
/// </summary>
public sealed record ConflictHeatmap(DateTimeOffset From, TimeSpan ColumnWidth, int Columns, IReadOnlyList<ConflictHeatmapRow> Rows)
{
    /// <summary>The start of column <paramref name="column"/>.</summary>
    public DateTimeOffset ColumnStart(int column) => From + (ColumnWidth * column);
}
