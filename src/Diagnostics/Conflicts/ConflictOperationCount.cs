namespace Fencepost.Diagnostics.Conflicts;

/// <summary>How often one operation lost a conflict on a key within the window.</summary>
public sealed record ConflictOperationCount(string Operation, long Count);
