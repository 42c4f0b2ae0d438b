namespace Fencepost.Diagnostics.Conflicts;

/// <summary>The finest grain the log aggregates at: one operation's conflicts on one key.</summary>
internal readonly record struct ConflictCellKey(string Store, string Table, int? ShardId, string Key, string Operation);
