namespace Fencepost.Diagnostics.Conflicts;

/// <summary>
/// Which conflicts a query looks at: the last <see cref="Window"/> up to now, narrowed by any of the
/// optional filters (all that are set must match; string filters ignore case).
/// </summary>
public sealed record ConflictQuery
{
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many keys a top-keys list or heatmap returns.</summary>
    public int Top { get; init; } = 20;

    public string? Table { get; init; }

    public int? ShardId { get; init; }

    public string? Store { get; init; }

    public string? Operation { get; init; }

    /// <summary>Matches keys that contain this text.</summary>
    public string? KeyContains { get; init; }
}
