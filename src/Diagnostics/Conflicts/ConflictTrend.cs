namespace Fencepost.Diagnostics.Conflicts;

/// <summary>This window's count against the previous window of the same length.</summary>
public enum ConflictTrend
{
    /// <summary>The previous window lies partly beyond the log's retention, so there is nothing honest to compare.</summary>
    Unknown,

    /// <summary>No conflicts on this key in the previous window.</summary>
    New,

    /// <summary>More than 20 % above the previous window.</summary>
    Rising,

    /// <summary>Within 20 % of the previous window.</summary>
    Steady,

    /// <summary>More than 20 % below the previous window.</summary>
    Falling,
}
