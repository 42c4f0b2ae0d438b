using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Embedded.Keys;

/// <summary>A shard outbox table's primary key: (shard, (visibility time, task id)); transfer and visibility tasks use the minimum time.</summary>
internal readonly record struct ShardTaskRowKey(int ShardId, ShardTaskKey Task) : IComparable<ShardTaskRowKey>
{
    public int CompareTo(ShardTaskRowKey other)
    {
        var c = ShardId.CompareTo(other.ShardId);
        return c != 0 ? c : Task.CompareTo(other.Task);
    }

    public override string ToString() => $"{ShardId}/{Task.VisibilityTime.UtcTicks}/{Task.TaskId}";
}
