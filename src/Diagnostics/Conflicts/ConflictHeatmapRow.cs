namespace Fencepost.Diagnostics.Conflicts;

/// <summary>One key's conflict counts per heatmap column, oldest column first.</summary>
public sealed record ConflictHeatmapRow(string Key, string Table, string Store, int? ShardId, long Total, long[] Counts);
