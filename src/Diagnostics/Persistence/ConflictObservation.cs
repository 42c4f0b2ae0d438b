namespace Fencepost.Diagnostics.Persistence;

/// <summary>
/// One OCC conflict, attributed by the retry loop that saw it. DSQL says only "40001 OC000";
/// the engine names the operation, table, shard and key it was writing or locking.
/// </summary>
public sealed record ConflictObservation(
    DateTimeOffset At,
    string Store,
    string Operation,
    string Table,
    int? ShardId,
    string Key,
    int Attempt,
    bool Exhausted,
    string Code);
