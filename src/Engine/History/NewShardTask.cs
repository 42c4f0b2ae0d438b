using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Queues;

namespace Fencepost.Engine.History;

/// <summary>An outbox task created by a mutation; its id is assigned by the shard writer.</summary>
internal sealed class NewShardTask(ShardTaskCategory category, DateTimeOffset visibilityTime, ShardTaskData data)
{
    public ShardTaskCategory Category { get; } = category;
    public DateTimeOffset VisibilityTime { get; } = visibilityTime;
    public ShardTaskData Data { get; } = data;
    public long TaskId { get; set; }
}
