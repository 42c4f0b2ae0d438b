using Fencepost.Engine.Persistence.Model;
using Npgsql;

namespace Fencepost.Engine.Persistence.Postgres.Sql;

/// <summary>Maps rows (in the column order of <see cref="PostgresStatements"/>) to the model records.</summary>
internal static class PostgresRows
{
    public static DateTimeOffset Time(NpgsqlDataReader r, int i) => r.GetFieldValue<DateTimeOffset>(i);

    public static DateTimeOffset? NullableTime(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);

    public static byte[] Bytes(NpgsqlDataReader r, int i) => r.GetFieldValue<byte[]>(i);

    public static ShardInfo Shard(NpgsqlDataReader r) =>
        new(r.GetInt32(0), r.GetInt64(1), r.GetString(2), Time(r, 3), Time(r, 4), Bytes(r, 5));

    public static WorkflowExecutionRecord Execution(NpgsqlDataReader r) =>
        new(r.GetInt32(0), r.GetGuid(1), r.GetString(2), r.GetGuid(3), r.GetInt64(4), r.GetInt64(5),
            (WorkflowExecutionState)r.GetInt32(6), r.GetInt32(7), Time(r, 8), Bytes(r, 9));

    public static CurrentExecutionRecord Current(NpgsqlDataReader r) =>
        new(r.GetInt32(0), r.GetGuid(1), r.GetString(2), r.GetGuid(3), r.GetString(4),
            (WorkflowExecutionState)r.GetInt32(5), r.GetInt32(6), Time(r, 7));

    public static HistoryNode HistoryNode(NpgsqlDataReader r, Guid treeId, Guid branchId) =>
        new(treeId, branchId, r.GetInt64(0), r.GetInt64(1), r.GetInt32(2), Bytes(r, 3));

    public static ShardTaskRecord ShardTask(NpgsqlDataReader r, ShardTaskCategory category) =>
        new(category, r.GetInt64(0), Time(r, 1), Bytes(r, 2));

    public static TaskQueueLease TaskQueue(NpgsqlDataReader r) =>
        new(new TaskQueueKey(r.GetGuid(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3)), r.GetInt64(4), r.GetInt64(5), Time(r, 6), Bytes(r, 7));

    public static MatchingTaskRecord MatchingTask(NpgsqlDataReader r) =>
        new(r.GetInt64(0), Time(r, 1), NullableTime(r, 2), Bytes(r, 3));

    public static MembershipRecord Member(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), Time(r, 3), Time(r, 4), Time(r, 5));

    public static SigningKeyRecord SigningKey(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetInt32(1), Bytes(r, 2), Time(r, 3));

    public static ClusterMetadata ClusterMetadata(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetInt32(1), Time(r, 2), Bytes(r, 3));

    public static NamespaceRecord Namespace(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetString(1), r.GetInt64(2), Bytes(r, 3));

    public static DynamicConfigEntry ConfigEntry(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetString(5), Time(r, 6), r.GetString(7));

    public static DynamicConfigAuditRecord ConfigAudit(NpgsqlDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3),
            r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5),
            r.GetInt64(6), r.GetString(7), Time(r, 8), r.GetString(9));

    public static VisibilityRecord Visibility(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetString(1), r.GetGuid(2), r.GetString(3), r.GetString(4), r.GetInt32(5),
            Time(r, 6), Time(r, 7), NullableTime(r, 8), r.GetInt64(9),
            r.IsDBNull(10) ? null : Bytes(r, 10), r.IsDBNull(11) ? null : Bytes(r, 11),
            r.IsDBNull(12) ? null : r.GetString(12), r.IsDBNull(13) ? null : r.GetGuid(13));
}
