namespace Fencepost.Engine.Persistence.Model;

/// <summary>
/// Everything one owner writes to one shard in one transaction: new runs, run updates, history,
/// outbox tasks and visibility rows, all fenced by <see cref="RangeId"/>. Either all of it commits
/// or none of it does. Several workflows' writes may share one request (per-shard batching).
/// </summary>
public sealed record ShardWriteRequest(int ShardId, long RangeId)
{
    public List<ExecutionCreate> Creates { get; init; } = [];
    public List<ExecutionUpdate> Updates { get; init; } = [];
    public List<HistoryNode> History { get; init; } = [];
    public List<ShardTaskRecord> Tasks { get; init; } = [];
    public List<VisibilityRecord> Visibility { get; init; } = [];
}
