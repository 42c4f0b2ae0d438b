using System.Reflection;

namespace Fencepost.Engine.Persistence.Postgres.Sql;

/// <summary>
/// Every statement text the store can issue, in one place, so a DSQL dialect checker and the
/// "every statement prepares" test can run over <see cref="All"/>. Positional parameters only.
/// The dialect is DSQL's: FOR UPDATE on single tables (no FOR SHARE, no JOIN ... FOR UPDATE), no
/// TRUNCATE, no sequences (ids are Snowflake ids), chunked deletes through a key subquery with LIMIT.
/// Visibility queries are composed from the fragments here by <c>PostgresVisibilityQueryBuilder</c>;
/// <see cref="All"/> includes one built example of each shape with every operator in it.
/// </summary>
public static class PostgresStatements
{
    // Transaction control. REPEATABLE READ is DSQL's only isolation (snapshot); on PostgreSQL it is
    // asked for explicitly. Raw BEGIN/COMMIT let them ride in the same batch as the statements.
    public const string Begin = "BEGIN ISOLATION LEVEL REPEATABLE READ";
    public const string Commit = "COMMIT";
    public const string Rollback = "ROLLBACK";

    // A visibility filter's best plan depends on its values (one customer out of a thousand, or
    // every other run), but auto-prepared statements switch to one generic plan after five runs.
    // PostgreSQL only: visibility reads plan with their values, in a transaction of their own.
    public const string PlanWithTheValues = "SET LOCAL plan_cache_mode = force_custom_plan";

    // Schema versions.
    public const string InsertSchemaVersion =
        "INSERT INTO schema_version (version, description, applied_at) VALUES ($1, $2, $3) ON CONFLICT (version) DO NOTHING";
    public const string SelectSchemaVersions = "SELECT version FROM schema_version ORDER BY version";

    // Shards.
    private const string ShardColumns = "shard_id, range_id, owner, acquired_at, updated_at, data";
    public const string SelectShard = "SELECT " + ShardColumns + " FROM shards WHERE shard_id = $1";
    public const string SelectShards = "SELECT " + ShardColumns + " FROM shards ORDER BY shard_id";
    public const string SelectShardRangeId = "SELECT range_id FROM shards WHERE shard_id = $1";
    /// <summary>The fence: under DSQL a row read FOR UPDATE joins the commit-time conflict check; PostgreSQL locks it.</summary>
    public const string SelectShardRangeIdForUpdate = "SELECT range_id FROM shards WHERE shard_id = $1 FOR UPDATE";
    public const string InsertShardIfAbsent =
        "INSERT INTO shards (" + ShardColumns + ") VALUES ($1, 0, '', $2, $2, $3) ON CONFLICT (shard_id) DO NOTHING";
    public const string AcquireShard =
        "UPDATE shards SET range_id = range_id + 1, owner = $3, acquired_at = $4, updated_at = $4 WHERE shard_id = $1 AND range_id = $2 RETURNING " + ShardColumns;
    public const string UpdateShardData =
        "UPDATE shards SET data = $3, updated_at = $4 WHERE shard_id = $1 AND range_id = $2 RETURNING " + ShardColumns;

    // Executions and current-run pointers.
    private const string ExecutionKey = "shard_id = $1 AND namespace_id = $2 AND workflow_id = $3 AND run_id = $4";
    private const string CurrentKey = "shard_id = $1 AND namespace_id = $2 AND workflow_id = $3";
    private const string ExecutionColumns = "shard_id, namespace_id, workflow_id, run_id, next_event_id, db_record_version, state, status, start_time, data";
    private const string CurrentColumns = "shard_id, namespace_id, workflow_id, run_id, create_request_id, state, status, start_time";
    public const string SelectExecution = "SELECT " + ExecutionColumns + " FROM executions WHERE " + ExecutionKey;
    public const string SelectExecutionVersionForUpdate = "SELECT db_record_version FROM executions WHERE " + ExecutionKey + " FOR UPDATE";
    public const string InsertExecution =
        "INSERT INTO executions (" + ExecutionColumns + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    public const string UpdateExecution =
        "UPDATE executions SET next_event_id = $5, db_record_version = $6, state = $7, status = $8, start_time = $9, data = $10 WHERE " + ExecutionKey;
    public const string DeleteExecution = "DELETE FROM executions WHERE " + ExecutionKey;
    public const string SelectCurrent = "SELECT " + CurrentColumns + " FROM current_executions WHERE " + CurrentKey;
    public const string SelectCurrentForUpdate = "SELECT " + CurrentColumns + " FROM current_executions WHERE " + CurrentKey + " FOR UPDATE";
    public const string UpsertCurrent =
        "INSERT INTO current_executions (" + CurrentColumns + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) " +
        "ON CONFLICT (shard_id, namespace_id, workflow_id) DO UPDATE SET run_id = EXCLUDED.run_id, " +
        "create_request_id = EXCLUDED.create_request_id, state = EXCLUDED.state, status = EXCLUDED.status, start_time = EXCLUDED.start_time";
    public const string DeleteCurrentIfRun = "DELETE FROM current_executions WHERE " + CurrentKey + " AND run_id = $4";

    // History.
    public const string UpsertHistoryNode =
        "INSERT INTO history_node (shard_id, tree_id, branch_id, node_id, txn_id, event_count, data) VALUES ($1, $2, $3, $4, $5, $6, $7) " +
        "ON CONFLICT (shard_id, tree_id, branch_id, node_id) DO UPDATE SET txn_id = EXCLUDED.txn_id, event_count = EXCLUDED.event_count, data = EXCLUDED.data";
    public const string SelectHistoryNodes =
        "SELECT node_id, txn_id, event_count, data FROM history_node WHERE shard_id = $1 AND tree_id = $2 AND branch_id = $3 " +
        "AND node_id >= $4 AND node_id < $5 ORDER BY node_id LIMIT $6";
    public const string DeleteHistoryChunk =
        "DELETE FROM history_node WHERE shard_id = $1 AND tree_id = $2 AND branch_id = $3 AND node_id IN " +
        "(SELECT node_id FROM history_node WHERE shard_id = $1 AND tree_id = $2 AND branch_id = $3 ORDER BY node_id LIMIT $4)";

    // Shard outbox tasks. Transfer and visibility tasks are keyed by task id; timers by (time, id).
    public const string InsertTransferTask = "INSERT INTO transfer_tasks (shard_id, task_id, visibility_time, data) VALUES ($1, $2, $3, $4)";
    public const string InsertVisibilityTask = "INSERT INTO visibility_tasks (shard_id, task_id, visibility_time, data) VALUES ($1, $2, $3, $4)";
    public const string InsertTimerTask = "INSERT INTO timer_tasks (shard_id, task_id, visibility_time, data) VALUES ($1, $2, $3, $4)";
    public const string SelectTransferTasks =
        "SELECT task_id, visibility_time, data FROM transfer_tasks WHERE shard_id = $1 AND task_id > $2 AND task_id <= $3 ORDER BY task_id LIMIT $4";
    public const string SelectVisibilityTasks =
        "SELECT task_id, visibility_time, data FROM visibility_tasks WHERE shard_id = $1 AND task_id > $2 AND task_id <= $3 ORDER BY task_id LIMIT $4";
    public const string SelectTimerTasks =
        "SELECT task_id, visibility_time, data FROM timer_tasks WHERE shard_id = $1 AND (visibility_time, task_id) > ($2, $3) " +
        "AND (visibility_time, task_id) <= ($4, $5) ORDER BY visibility_time, task_id LIMIT $6";
    public const string DeleteTransferTask = "DELETE FROM transfer_tasks WHERE shard_id = $1 AND task_id = $2";
    public const string DeleteVisibilityTask = "DELETE FROM visibility_tasks WHERE shard_id = $1 AND task_id = $2";
    public const string DeleteTimerTask = "DELETE FROM timer_tasks WHERE shard_id = $1 AND visibility_time = $2 AND task_id = $3";
    public const string DeleteTransferTasksChunk =
        "DELETE FROM transfer_tasks WHERE shard_id = $1 AND task_id IN " +
        "(SELECT task_id FROM transfer_tasks WHERE shard_id = $1 AND task_id <= $2 ORDER BY task_id LIMIT $3)";
    public const string DeleteVisibilityTasksChunk =
        "DELETE FROM visibility_tasks WHERE shard_id = $1 AND task_id IN " +
        "(SELECT task_id FROM visibility_tasks WHERE shard_id = $1 AND task_id <= $2 ORDER BY task_id LIMIT $3)";
    public const string DeleteTimerTasksChunk =
        "DELETE FROM timer_tasks WHERE shard_id = $1 AND (visibility_time, task_id) IN " +
        "(SELECT visibility_time, task_id FROM timer_tasks WHERE shard_id = $1 AND (visibility_time, task_id) <= ($2, $3) " +
        "ORDER BY visibility_time, task_id LIMIT $4)";

    // Task queues (matching).
    private const string TaskQueueKey = "namespace_id = $1 AND name = $2 AND task_type = $3 AND partition = $4";
    private const string TaskQueueColumns = "namespace_id, name, task_type, partition, range_id, ack_level, updated_at, data";
    private const string TaskKey = "namespace_id = $1 AND task_queue_name = $2 AND task_type = $3 AND partition = $4";
    public const string SelectTaskQueue = "SELECT " + TaskQueueColumns + " FROM task_queues WHERE " + TaskQueueKey;
    public const string SelectTaskQueues = "SELECT " + TaskQueueColumns + " FROM task_queues ORDER BY namespace_id, name, task_type, partition";
    public const string SelectTaskQueueRangeIdForUpdate = "SELECT range_id FROM task_queues WHERE " + TaskQueueKey + " FOR UPDATE";
    public const string InsertTaskQueueIfAbsent =
        "INSERT INTO task_queues (" + TaskQueueColumns + ") VALUES ($1, $2, $3, $4, 1, 0, $5, $6) " +
        "ON CONFLICT (namespace_id, name, task_type, partition) DO NOTHING RETURNING " + TaskQueueColumns;
    public const string LeaseTaskQueue =
        "UPDATE task_queues SET range_id = range_id + 1, updated_at = $6 WHERE " + TaskQueueKey + " AND range_id = $5 RETURNING " + TaskQueueColumns;
    public const string UpdateTaskQueue =
        "UPDATE task_queues SET ack_level = $6, data = $7, updated_at = $8 WHERE " + TaskQueueKey + " AND range_id = $5 RETURNING " + TaskQueueColumns;
    public const string InsertMatchingTask =
        "INSERT INTO tasks (namespace_id, task_queue_name, task_type, partition, task_id, created_at, expires_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    public const string SelectMatchingTasks =
        "SELECT task_id, created_at, expires_at, data FROM tasks WHERE " + TaskKey + " AND task_id > $5 AND task_id <= $6 ORDER BY task_id LIMIT $7";
    public const string DeleteMatchingTask = "DELETE FROM tasks WHERE " + TaskKey + " AND task_id = $5";
    public const string DeleteMatchingTasksChunk =
        "DELETE FROM tasks WHERE " + TaskKey + " AND task_id IN (SELECT task_id FROM tasks WHERE " + TaskKey + " AND task_id <= $5 ORDER BY task_id LIMIT $6)";
    public const string CountMatchingTasks = "SELECT count(*) FROM tasks WHERE " + TaskKey;

    // Cluster.
    private const string MembershipColumns = "host_id, rpc_address, role, session_start, last_heartbeat, record_expiry";
    public const string UpsertMembership =
        "INSERT INTO cluster_membership (" + MembershipColumns + ") VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (host_id) DO UPDATE SET " +
        "rpc_address = EXCLUDED.rpc_address, role = EXCLUDED.role, session_start = EXCLUDED.session_start, " +
        "last_heartbeat = EXCLUDED.last_heartbeat, record_expiry = EXCLUDED.record_expiry";
    public const string SelectLiveMembers = "SELECT " + MembershipColumns + " FROM cluster_membership WHERE record_expiry > $1 ORDER BY host_id";
    public const string SelectAllMembers = "SELECT " + MembershipColumns + " FROM cluster_membership ORDER BY host_id";
    public const string DeleteExpiredMembersChunk =
        "DELETE FROM cluster_membership WHERE host_id IN (SELECT host_id FROM cluster_membership WHERE record_expiry < $1 ORDER BY host_id LIMIT $2)";
    private const string SigningKeyColumns = "purpose, key_id, secret, created_at";
    public const string SelectSigningKeys = "SELECT " + SigningKeyColumns + " FROM signing_keys WHERE purpose = $1 ORDER BY key_id";
    public const string SelectSigningKey = "SELECT " + SigningKeyColumns + " FROM signing_keys WHERE purpose = $1 AND key_id = $2";
    public const string InsertSigningKeyIfAbsent =
        "INSERT INTO signing_keys (" + SigningKeyColumns + ") VALUES ($1, $2, $3, $4) ON CONFLICT (purpose, key_id) DO NOTHING";

    private const string ClusterMetadataColumns = "cluster_name, history_shard_count, created_at, data";
    public const string SelectClusterMetadata = "SELECT " + ClusterMetadataColumns + " FROM cluster_metadata WHERE metadata_partition = 0";
    public const string InsertClusterMetadataIfAbsent =
        "INSERT INTO cluster_metadata (metadata_partition, " + ClusterMetadataColumns + ") VALUES (0, $1, $2, $3, $4) ON CONFLICT (metadata_partition) DO NOTHING";

    // Namespaces.
    private const string NamespaceColumns = "id, name, notification_version, data";
    public const string InsertNamespace = "INSERT INTO namespaces (" + NamespaceColumns + ") VALUES ($1, $2, $3, $4)";
    public const string SelectNamespaceByName = "SELECT " + NamespaceColumns + " FROM namespaces WHERE name = $1";
    public const string SelectNamespaceById = "SELECT " + NamespaceColumns + " FROM namespaces WHERE id = $1";
    public const string SelectNamespacesFirst = "SELECT " + NamespaceColumns + " FROM namespaces ORDER BY name LIMIT $1";
    public const string SelectNamespacesAfter = "SELECT " + NamespaceColumns + " FROM namespaces WHERE name > $1 ORDER BY name LIMIT $2";
    public const string UpdateNamespace =
        "UPDATE namespaces SET name = $2, notification_version = $4, data = $5 WHERE id = $1 AND notification_version = $3";

    // Dynamic config.
    private const string ConfigKey = "key = $1 AND scope = $2 AND scope_value = $3";
    private const string ConfigColumns = "key, scope, scope_value, value_json, version, updated_by, updated_at, reason";
    public const string SelectConfigEntries = "SELECT " + ConfigColumns + " FROM dynamic_config ORDER BY key, scope, scope_value";
    public const string SelectConfigEntryForUpdate = "SELECT value_json, version FROM dynamic_config WHERE " + ConfigKey + " FOR UPDATE";
    public const string InsertConfigEntry = "INSERT INTO dynamic_config (" + ConfigColumns + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    public const string UpdateConfigEntry =
        "UPDATE dynamic_config SET value_json = $4, version = $5, updated_by = $6, updated_at = $7, reason = $8 WHERE " + ConfigKey;
    public const string DeleteConfigEntry = "DELETE FROM dynamic_config WHERE " + ConfigKey;
    private const string AuditColumns = "id, key, scope, scope_value, old_value_json, new_value_json, new_version, changed_by, changed_at, reason";
    public const string InsertConfigAudit = "INSERT INTO dynamic_config_audit (" + AuditColumns + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    public const string SelectConfigAudit = "SELECT " + AuditColumns + " FROM dynamic_config_audit ORDER BY id DESC LIMIT $1";

    // Visibility.
    public const string VisibilityColumns =
        "namespace_id, workflow_id, run_id, workflow_type, task_queue, status, start_time, execution_time, close_time, " +
        "history_length, memo, search_attributes, parent_workflow_id, parent_run_id";
    public const string UpsertVisibility =
        "INSERT INTO executions_visibility (" + VisibilityColumns + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) " +
        "ON CONFLICT (namespace_id, run_id) DO UPDATE SET workflow_id = EXCLUDED.workflow_id, workflow_type = EXCLUDED.workflow_type, " +
        "task_queue = EXCLUDED.task_queue, status = EXCLUDED.status, start_time = EXCLUDED.start_time, execution_time = EXCLUDED.execution_time, " +
        "close_time = EXCLUDED.close_time, history_length = EXCLUDED.history_length, memo = EXCLUDED.memo, " +
        "search_attributes = EXCLUDED.search_attributes, parent_workflow_id = EXCLUDED.parent_workflow_id, parent_run_id = EXCLUDED.parent_run_id";
    public const string SelectVisibility = "SELECT " + VisibilityColumns + " FROM executions_visibility WHERE namespace_id = $1 AND run_id = $2";
    public const string DeleteVisibility = "DELETE FROM executions_visibility WHERE namespace_id = $1 AND run_id = $2";
    public const string DeleteSearchAttributeValues = "DELETE FROM executions_search_attributes WHERE namespace_id = $1 AND run_id = $2";
    public const string InsertSearchAttributeValue =
        "INSERT INTO executions_search_attributes (namespace_id, run_id, name, ordinal, kw, txt, num, dbl, ts) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
    /// <summary>Prefix of every visibility list; the builder appends " AND (filter)", keyset, ORDER BY and LIMIT.</summary>
    public const string ListVisibilityPrefix = "SELECT " + VisibilityColumns + " FROM executions_visibility WHERE namespace_id = $1";
    public const string CountVisibilityPrefix = "SELECT count(*) FROM executions_visibility WHERE namespace_id = $1";
    public const string CountVisibilityByStatusPrefix = "SELECT status, count(*) FROM executions_visibility WHERE namespace_id = $1";
    public const string CountVisibilityByStatusSuffix = " GROUP BY status";

    /// <summary>Every statement above plus one built example of each dynamic visibility shape.</summary>
    public static IReadOnlyList<string> All { get; } = Collect();

    private static string[] Collect()
    {
        var constants = typeof(PostgresStatements)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Where(f => f.Name is not (nameof(ListVisibilityPrefix) or nameof(CountVisibilityPrefix)
                or nameof(CountVisibilityByStatusPrefix) or nameof(CountVisibilityByStatusSuffix) or nameof(VisibilityColumns)))
            .Select(f => (string)f.GetRawConstantValue()!);
        return [.. constants, .. Stores.PostgresVisibilityQueryBuilder.CatalogExamples()];
    }
}
