using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Embedded;

/// <summary>
/// Makes the values the emulator stores and returns independent of the caller's: byte arrays are
/// copied both ways (callers may reuse buffers), and times are kept as PostgreSQL's timestamptz
/// keeps them (UTC, microseconds) so both stores round-trip the same values.
/// </summary>
internal static class StoredValues
{
    public static byte[] Copy(byte[] data) => data.Length == 0 ? [] : (byte[])data.Clone();

    public static byte[]? CopyOrNull(byte[]? data) => data is null ? null : Copy(data);

    public static DateTimeOffset Time(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % 10), TimeSpan.Zero);
    }

    public static DateTimeOffset? Time(DateTimeOffset? value) => value is { } v ? Time(v) : null;

    public static ShardInfo Of(ShardInfo shard) => shard with
    {
        AcquiredAt = Time(shard.AcquiredAt),
        UpdatedAt = Time(shard.UpdatedAt),
        Data = Copy(shard.Data),
    };

    public static WorkflowExecutionRecord Of(WorkflowExecutionRecord execution) => execution with
    {
        StartTime = Time(execution.StartTime),
        Data = Copy(execution.Data),
    };

    public static CurrentExecutionRecord Of(CurrentExecutionRecord current) => current with { StartTime = Time(current.StartTime) };

    public static HistoryNode Of(HistoryNode node) => node with { Data = Copy(node.Data) };

    public static ShardTaskRecord Of(ShardTaskRecord task) => task with
    {
        VisibilityTime = Time(task.VisibilityTime),
        Data = Copy(task.Data),
    };

    public static TaskQueueLease Of(TaskQueueLease lease) => lease with
    {
        UpdatedAt = Time(lease.UpdatedAt),
        Data = Copy(lease.Data),
    };

    public static MatchingTaskRecord Of(MatchingTaskRecord task) => task with
    {
        CreatedAt = Time(task.CreatedAt),
        ExpiresAt = Time(task.ExpiresAt),
        Data = Copy(task.Data),
    };

    public static MembershipRecord Of(MembershipRecord member) => member with
    {
        SessionStart = Time(member.SessionStart),
        LastHeartbeat = Time(member.LastHeartbeat),
        RecordExpiry = Time(member.RecordExpiry),
    };

    public static SigningKeyRecord Of(SigningKeyRecord key) => key with { Secret = [.. key.Secret] };

    public static ClusterMetadata Of(ClusterMetadata metadata) => metadata with
    {
        CreatedAt = Time(metadata.CreatedAt),
        Data = Copy(metadata.Data),
    };

    public static NamespaceRecord Of(NamespaceRecord record) => record with { Data = Copy(record.Data) };

    public static DynamicConfigEntry Of(DynamicConfigEntry entry) => entry with { UpdatedAt = Time(entry.UpdatedAt) };

    public static DynamicConfigAuditRecord Of(DynamicConfigAuditRecord audit) => audit with { ChangedAt = Time(audit.ChangedAt) };

    public static VisibilityRecord Of(VisibilityRecord record) => record with
    {
        StartTime = Time(record.StartTime),
        ExecutionTime = Time(record.ExecutionTime),
        CloseTime = Time(record.CloseTime),
        Memo = CopyOrNull(record.Memo),
        SearchAttributes = CopyOrNull(record.SearchAttributes),
    };
}
