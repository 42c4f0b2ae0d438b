namespace Fencepost.Engine.Persistence.Model;

/// <summary>
/// A position in a shard task queue. Transfer and visibility queues use only <see cref="TaskId"/>
/// (with <see cref="VisibilityTime"/> = <see cref="DateTimeOffset.MinValue"/>); timer queues order by time, then id.
/// </summary>
public readonly record struct ShardTaskKey(DateTimeOffset VisibilityTime, long TaskId) : IComparable<ShardTaskKey>
{
    public static ShardTaskKey ForId(long taskId) => new(DateTimeOffset.MinValue, taskId);

    public int CompareTo(ShardTaskKey other)
    {
        var byTime = VisibilityTime.CompareTo(other.VisibilityTime);
        return byTime != 0 ? byTime : TaskId.CompareTo(other.TaskId);
    }

    public static bool operator <(ShardTaskKey left, ShardTaskKey right) => left.CompareTo(right) < 0;
    public static bool operator <=(ShardTaskKey left, ShardTaskKey right) => left.CompareTo(right) <= 0;
    public static bool operator >(ShardTaskKey left, ShardTaskKey right) => left.CompareTo(right) > 0;
    public static bool operator >=(ShardTaskKey left, ShardTaskKey right) => left.CompareTo(right) >= 0;
}
