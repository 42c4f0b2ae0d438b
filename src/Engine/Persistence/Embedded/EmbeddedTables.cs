using Fencepost.Engine.Persistence.Embedded.Keys;
using Fencepost.Engine.Persistence.Embedded.Mvcc;
using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Embedded;

/// <summary>The emulator's tables, named and keyed as the PostgreSQL schema's (primary key = clustered order).</summary>
internal sealed class EmbeddedTables(MvccDatabase database)
{
    public const string ShardsName = "shards";
    public const string ExecutionsName = "executions";
    public const string CurrentExecutionsName = "current_executions";
    public const string HistoryName = "history_node";
    public const string TaskQueuesName = "task_queues";
    public const string MatchingTasksName = "tasks";
    public const string MembershipName = "cluster_membership";
    public const string ClusterMetadataName = "cluster_metadata";
    public const string NamespacesName = "namespaces";
    public const string DynamicConfigName = "dynamic_config";
    public const string DynamicConfigAuditName = "dynamic_config_audit";
    public const string VisibilityName = "executions_visibility";
    public const string SigningKeysName = "signing_keys";

    public MvccTable<int, ShardInfo> Shards { get; } = database.CreateTable<int, ShardInfo>(ShardsName, RowSizes.Of);

    public MvccTable<ExecutionKey, WorkflowExecutionRecord> Executions { get; } =
        database.CreateTable<ExecutionKey, WorkflowExecutionRecord>(ExecutionsName, RowSizes.Of);

    public MvccTable<CurrentExecutionKey, CurrentExecutionRecord> CurrentExecutions { get; } =
        database.CreateTable<CurrentExecutionKey, CurrentExecutionRecord>(CurrentExecutionsName, RowSizes.Of);

    public MvccTable<HistoryNodeKey, HistoryNode> History { get; } = database.CreateTable<HistoryNodeKey, HistoryNode>(HistoryName, RowSizes.Of);

    public MvccTable<ShardTaskRowKey, ShardTaskRecord> TransferTasks { get; } =
        database.CreateTable<ShardTaskRowKey, ShardTaskRecord>("transfer_tasks", RowSizes.Of);

    public MvccTable<ShardTaskRowKey, ShardTaskRecord> TimerTasks { get; } =
        database.CreateTable<ShardTaskRowKey, ShardTaskRecord>("timer_tasks", RowSizes.Of);

    public MvccTable<ShardTaskRowKey, ShardTaskRecord> VisibilityTasks { get; } =
        database.CreateTable<ShardTaskRowKey, ShardTaskRecord>("visibility_tasks", RowSizes.Of);

    public MvccTable<TaskQueueRowKey, TaskQueueLease> TaskQueues { get; } = database.CreateTable<TaskQueueRowKey, TaskQueueLease>(TaskQueuesName, RowSizes.Of);

    public MvccTable<MatchingTaskKey, MatchingTaskRecord> MatchingTasks { get; } =
        database.CreateTable<MatchingTaskKey, MatchingTaskRecord>(MatchingTasksName, RowSizes.Of);

    public MvccTable<TextKey, MembershipRecord> Membership { get; } = database.CreateTable<TextKey, MembershipRecord>(MembershipName, RowSizes.Of);

    /// <summary>One row, key 0.</summary>
    public MvccTable<int, ClusterMetadata> ClusterMetadata { get; } = database.CreateTable<int, ClusterMetadata>(ClusterMetadataName, RowSizes.Of);

    /// <summary>Namespaces by name (the listing order).</summary>
    public MvccTable<TextKey, NamespaceRecord> Namespaces { get; } = database.CreateTable<TextKey, NamespaceRecord>(NamespacesName, RowSizes.Of);

    /// <summary>The unique index on namespace id: id -> name.</summary>
    public MvccTable<Guid, string> NamespaceIds { get; } = database.CreateTable<Guid, string>("namespaces_by_id", RowSizes.Of);

    public MvccTable<DynamicConfigKey, DynamicConfigEntry> DynamicConfig { get; } =
        database.CreateTable<DynamicConfigKey, DynamicConfigEntry>(DynamicConfigName, RowSizes.Of);

    /// <summary>Audit records by Snowflake id, so id order is time order.</summary>
    public MvccTable<long, DynamicConfigAuditRecord> DynamicConfigAudit { get; } =
        database.CreateTable<long, DynamicConfigAuditRecord>(DynamicConfigAuditName, RowSizes.Of);

    /// <summary>Keys by "purpose/key id" with the id zero-padded, so text order is id order within a purpose.</summary>
    public MvccTable<TextKey, SigningKeyRecord> SigningKeys { get; } = database.CreateTable<TextKey, SigningKeyRecord>(SigningKeysName, RowSizes.Of);

    public MvccTable<VisibilityKey, VisibilityRecord> Visibility { get; } = database.CreateTable<VisibilityKey, VisibilityRecord>(VisibilityName, RowSizes.Of);

    public MvccTable<ShardTaskRowKey, ShardTaskRecord> TasksOf(ShardTaskCategory category) => category switch
    {
        ShardTaskCategory.Transfer => TransferTasks,
        ShardTaskCategory.Timer => TimerTasks,
        ShardTaskCategory.Visibility => VisibilityTasks,
        _ => throw new Errors.InvalidPersistenceRequestException($"Unknown shard task category {(int)category}."),
    };
}
