namespace Fencepost.Engine.Persistence.Occ;

/// <summary>
/// What a transaction is doing, for conflict attribution: the operation, the hottest table it
/// writes or locks, the shard, and the key (e.g. "shard:12", "execution:wf-1", "taskqueue:q/1/0").
/// </summary>
public sealed record PersistenceOperation(string Name, string Table, int? ShardId, string Key);
