namespace Fencepost.Diagnostics.Conflicts;

/// <summary>All conflicts on one table over a window.</summary>
public sealed record ConflictTableTotal(string Table, long Count, double RatePerSecond, long Retries, long Exhausted);
