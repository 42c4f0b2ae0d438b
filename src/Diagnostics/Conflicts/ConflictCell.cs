namespace Fencepost.Diagnostics.Conflicts;

/// <summary>Counts for one <see cref="ConflictCellKey"/> within one second. Guarded by its bucket's lock.</summary>
internal sealed class ConflictCell
{
    public long Count { get; set; }

    public long Retries { get; set; }

    public long Exhausted { get; set; }

    public DateTimeOffset LastSeen { get; set; }
}
