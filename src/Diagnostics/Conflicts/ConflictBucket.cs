namespace Fencepost.Diagnostics.Conflicts;

/// <summary>
/// One second of conflicts. Buckets live in a ring and are reused when their second falls out of the
/// retention; every access holds the bucket's own lock, so writers of different seconds never contend.
/// </summary>
internal sealed class ConflictBucket
{
    /// <summary>The key every conflict beyond the per-second key budget is counted under.</summary>
    public const string OverflowKey = "(other)";

    private readonly Dictionary<ConflictCellKey, ConflictCell> _cells = [];

    /// <summary>Unix second this bucket holds, or -1 when it has never been used.</summary>
    public long Second { get; private set; } = -1;

    public Lock Gate { get; } = new();

    public IReadOnlyDictionary<ConflictCellKey, ConflictCell> Cells => _cells;

    public void Add(long second, ConflictCellKey key, bool exhausted, DateTimeOffset at, int maxKeys)
    {
        if (Second != second)
        {
            _cells.Clear();
            Second = second;
        }
        if (!_cells.TryGetValue(key, out var cell))
        {
            if (_cells.Count >= maxKeys)
            {
                key = key with { Key = OverflowKey, ShardId = null };
                if (!_cells.TryGetValue(key, out cell))
                {
                    // The overflow cells themselves may exceed the budget by one per table and operation;
                    // that is bounded by the schema, not by traffic.
                    cell = new ConflictCell();
                    _cells.Add(key, cell);
                }
            }
            else
            {
                cell = new ConflictCell();
                _cells.Add(key, cell);
            }
        }
        cell.Count++;
        if (exhausted)
        {
            cell.Exhausted++;
        }
        else
        {
            cell.Retries++;
        }
        if (at > cell.LastSeen)
        {
            cell.LastSeen = at;
        }
    }
}
