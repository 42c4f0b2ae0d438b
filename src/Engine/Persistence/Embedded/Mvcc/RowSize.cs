namespace Fencepost.Engine.Persistence.Embedded.Mvcc;

/// <summary>
/// What a row costs against DSQL's limits: its total bytes (for the 10 MiB per transaction budget)
/// and its largest column (for the 1 MiB column limit).
/// </summary>
public readonly record struct RowSize(long Bytes, string LargestColumn, long LargestColumnBytes);
