namespace Fencepost.Engine.Persistence.Embedded.Mvcc;

/// <summary>One table's share of a transaction's buffered writes and FOR UPDATE locks, seen by the commit.</summary>
internal interface IPendingTableWrites
{
    int ModifiedRows { get; }

    /// <summary>Bytes written, and the largest column among them (for the 10 MiB and 1 MiB limits).</summary>
    (long Bytes, RowSize Largest) MeasureWrites();

    /// <summary>"{table}:{key}" of the first written or locked row that got a version after <paramref name="snapshot"/>, else null.</summary>
    string? FindConflict(long snapshot);

    /// <summary>Installs the writes at <paramref name="sequence"/>; chains that now hold old versions go to <paramref name="collectable"/>.</summary>
    void Apply(long sequence, List<IGarbageCollectable> collectable);
}
