namespace Fencepost.Engine.Persistence.Postgres.Schema;

/// <summary>
/// The store's schema in Temporal's shape, written in the dialect both PostgreSQL and Aurora DSQL
/// accept: no foreign keys, CHECK, SERIAL/identity, sequences, triggers or extensions; keys are
/// int/bigint/uuid/text and bytea holds only payloads. On PostgreSQL, text keys that are listed in
/// order are COLLATE "C" so they sort byte-wise whatever the database's locale, as on DSQL (which
/// has only the C collation, so its DDL leaves the clause out) and in the embedded store.
/// Otherwise the targets differ only in indexes: DSQL builds them with CREATE INDEX ASYNC (in the background; the
/// table stays writable), PostgreSQL, which has no ASYNC, with a plain CREATE INDEX.
/// </summary>
public static class PostgresSchema
{
    /// <summary>The version table itself; created before any migration (outside the versioned list).</summary>
    public const string CreateSchemaVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version int PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL)";

    // The first release's migrations: versions 1 to 24, tables then indexes, in this order. Frozen:
    // a database records applied versions by number, so renumbering them would skip or repeat DDL.
    // New migrations go to Appended, with the next version.
    private static readonly (string Description, string Ddl)[] Tables =
    [
        ("shards", """
            CREATE TABLE IF NOT EXISTS shards (
              shard_id int PRIMARY KEY, range_id bigint NOT NULL, owner text NOT NULL,
              acquired_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, data bytea NOT NULL)
            """),
        ("executions", """
            CREATE TABLE IF NOT EXISTS executions (
              shard_id int NOT NULL, namespace_id uuid NOT NULL, workflow_id text NOT NULL, run_id uuid NOT NULL,
              next_event_id bigint NOT NULL, db_record_version bigint NOT NULL, state int NOT NULL, status int NOT NULL,
              start_time timestamptz NOT NULL, data bytea NOT NULL,
              PRIMARY KEY (shard_id, namespace_id, workflow_id, run_id))
            """),
        ("current_executions", """
            CREATE TABLE IF NOT EXISTS current_executions (
              shard_id int NOT NULL, namespace_id uuid NOT NULL, workflow_id text NOT NULL, run_id uuid NOT NULL,
              create_request_id text NOT NULL, state int NOT NULL, status int NOT NULL, start_time timestamptz NOT NULL,
              PRIMARY KEY (shard_id, namespace_id, workflow_id))
            """),
        ("history_node", """
            CREATE TABLE IF NOT EXISTS history_node (
              shard_id int NOT NULL, tree_id uuid NOT NULL, branch_id uuid NOT NULL, node_id bigint NOT NULL,
              txn_id bigint NOT NULL, event_count int NOT NULL, data bytea NOT NULL,
              PRIMARY KEY (shard_id, tree_id, branch_id, node_id))
            """),
        ("transfer_tasks", """
            CREATE TABLE IF NOT EXISTS transfer_tasks (
              shard_id int NOT NULL, task_id bigint NOT NULL, visibility_time timestamptz NOT NULL, data bytea NOT NULL,
              PRIMARY KEY (shard_id, task_id))
            """),
        ("timer_tasks", """
            CREATE TABLE IF NOT EXISTS timer_tasks (
              shard_id int NOT NULL, visibility_time timestamptz NOT NULL, task_id bigint NOT NULL, data bytea NOT NULL,
              PRIMARY KEY (shard_id, visibility_time, task_id))
            """),
        ("visibility_tasks", """
            CREATE TABLE IF NOT EXISTS visibility_tasks (
              shard_id int NOT NULL, task_id bigint NOT NULL, visibility_time timestamptz NOT NULL, data bytea NOT NULL,
              PRIMARY KEY (shard_id, task_id))
            """),
        ("task_queues", """
            CREATE TABLE IF NOT EXISTS task_queues (
              namespace_id uuid NOT NULL, name text{C} NOT NULL, task_type int NOT NULL, partition int NOT NULL,
              range_id bigint NOT NULL, ack_level bigint NOT NULL, updated_at timestamptz NOT NULL, data bytea NOT NULL,
              PRIMARY KEY (namespace_id, name, task_type, partition))
            """),
        ("tasks", """
            CREATE TABLE IF NOT EXISTS tasks (
              namespace_id uuid NOT NULL, task_queue_name text{C} NOT NULL, task_type int NOT NULL, partition int NOT NULL,
              task_id bigint NOT NULL, created_at timestamptz NOT NULL, expires_at timestamptz, data bytea NOT NULL,
              PRIMARY KEY (namespace_id, task_queue_name, task_type, partition, task_id))
            """),
        ("cluster_membership", """
            CREATE TABLE IF NOT EXISTS cluster_membership (
              host_id text{C} PRIMARY KEY, rpc_address text NOT NULL, role text NOT NULL,
              session_start timestamptz NOT NULL, last_heartbeat timestamptz NOT NULL, record_expiry timestamptz NOT NULL)
            """),
        ("cluster_metadata", """
            CREATE TABLE IF NOT EXISTS cluster_metadata (
              metadata_partition int PRIMARY KEY, cluster_name text NOT NULL, history_shard_count int NOT NULL,
              created_at timestamptz NOT NULL, data bytea NOT NULL)
            """),
        ("namespaces", """
            CREATE TABLE IF NOT EXISTS namespaces (
              id uuid PRIMARY KEY, name text{C} NOT NULL, notification_version bigint NOT NULL, data bytea NOT NULL)
            """),
        ("dynamic_config", """
            CREATE TABLE IF NOT EXISTS dynamic_config (
              key text{C} NOT NULL, scope text{C} NOT NULL, scope_value text{C} NOT NULL,
              value_json text NOT NULL, version bigint NOT NULL, updated_by text NOT NULL, updated_at timestamptz NOT NULL,
              reason text NOT NULL, PRIMARY KEY (key, scope, scope_value))
            """),
        ("dynamic_config_audit", """
            CREATE TABLE IF NOT EXISTS dynamic_config_audit (
              id bigint PRIMARY KEY, key text NOT NULL, scope text NOT NULL, scope_value text NOT NULL,
              old_value_json text, new_value_json text, new_version bigint NOT NULL, changed_by text NOT NULL,
              changed_at timestamptz NOT NULL, reason text NOT NULL)
            """),
        ("executions_visibility", """
            CREATE TABLE IF NOT EXISTS executions_visibility (
              namespace_id uuid NOT NULL, run_id uuid NOT NULL, workflow_id text{C} NOT NULL,
              workflow_type text{C} NOT NULL, task_queue text{C} NOT NULL, status int NOT NULL,
              start_time timestamptz NOT NULL, execution_time timestamptz NOT NULL, close_time timestamptz,
              history_length bigint NOT NULL, memo bytea, search_attributes bytea,
              parent_workflow_id text, parent_run_id uuid,
              PRIMARY KEY (namespace_id, run_id))
            """),
    ];

    // (name, table, columns, unique). Visibility lists by each orderable time with the run id as
    // the keyset tie-breaker, and filters by status, type, queue and workflow id within a namespace.
    private static readonly (string Name, string Table, string Columns, bool Unique)[] Indexes =
    [
        ("namespaces_name_idx", "namespaces", "name", true),
        ("cm_record_expiry_idx", "cluster_membership", "record_expiry", false),
        ("ev_start_time_idx", "executions_visibility", "namespace_id, start_time, run_id", false),
        ("ev_close_time_idx", "executions_visibility", "namespace_id, close_time, run_id", false),
        ("ev_execution_time_idx", "executions_visibility", "namespace_id, execution_time, run_id", false),
        ("ev_status_idx", "executions_visibility", "namespace_id, status, start_time", false),
        ("ev_workflow_type_idx", "executions_visibility", "namespace_id, workflow_type, start_time", false),
        ("ev_task_queue_idx", "executions_visibility", "namespace_id, task_queue, start_time", false),
        ("ev_workflow_id_idx", "executions_visibility", "namespace_id, workflow_id, start_time", false),
    ];

    /// <summary>
    /// Migrations added after the first release, each with its own version, in order. Append only:
    /// never insert, reorder or renumber, so every database applies exactly the ones it lacks.
    /// </summary>
    private static readonly (int Version, string Description, Func<PostgresTarget, string> Ddl)[] Appended =
    [
        (25, "create table signing_keys", _ => """
            CREATE TABLE IF NOT EXISTS signing_keys (
              purpose text NOT NULL, key_id int NOT NULL, secret bytea NOT NULL, created_at timestamptz NOT NULL,
              PRIMARY KEY (purpose, key_id))
            """),
        // executions_search_attributes holds each run's typed search attribute values, one row per
        // value (per element of a KeywordList), so a filter on a custom attribute is an index range
        // scan joined to executions_visibility by (namespace_id, run_id). DSQL has no GIN index nor an
        // index on jsonb, and at most 24 indexes a table, which rules out a column (and an index) per
        // pre-allocated attribute as Temporal's SQL visibility has: one btree per value type serves
        // every attribute instead. Strings up to 255 bytes are keywords (indexed; a DSQL key holds at
        // most 1 KiB), longer ones only text.
        (26, "create table executions_search_attributes", _ => """
            CREATE TABLE IF NOT EXISTS executions_search_attributes (
              namespace_id uuid NOT NULL, run_id uuid NOT NULL, name text{C} NOT NULL, ordinal int NOT NULL,
              kw text{C}, txt text, num bigint, dbl double precision, ts timestamptz,
              PRIMARY KEY (namespace_id, run_id, name, ordinal))
            """),
        (27, "create index esa_keyword_idx", t => IndexDdl(t, "esa_keyword_idx", "executions_search_attributes", "namespace_id, name, kw, run_id", unique: false)),
        (28, "create index esa_int_idx", t => IndexDdl(t, "esa_int_idx", "executions_search_attributes", "namespace_id, name, num, run_id", unique: false)),
        (29, "create index esa_double_idx", t => IndexDdl(t, "esa_double_idx", "executions_search_attributes", "namespace_id, name, dbl, run_id", unique: false)),
        (30, "create index esa_time_idx", t => IndexDdl(t, "esa_time_idx", "executions_search_attributes", "namespace_id, name, ts, run_id", unique: false)),
    ];

    /// <summary>The versioned migrations for <paramref name="target"/>, in order, one DDL each.</summary>
    public static IReadOnlyList<PostgresMigration> MigrationsFor(PostgresTarget target)
    {
        var migrations = new List<PostgresMigration>(Tables.Length + Indexes.Length + Appended.Length);
        var version = 1;
        var collateC = target == PostgresTarget.PostgreSql ? " COLLATE \"C\"" : "";
        foreach (var (description, ddl) in Tables)
        {
            migrations.Add(new PostgresMigration(version++, $"create table {description}", ddl.Replace("{C}", collateC, StringComparison.Ordinal)));
        }
        foreach (var index in Indexes)
        {
            migrations.Add(new PostgresMigration(version++, $"create index {index.Name}", IndexDdl(target, index.Name, index.Table, index.Columns, index.Unique)));
        }
        foreach (var (appendedVersion, description, ddl) in Appended)
        {
            migrations.Add(new PostgresMigration(appendedVersion, description, ddl(target).Replace("{C}", collateC, StringComparison.Ordinal)));
        }
        return migrations;
    }

    /// <summary>Every DDL statement for <paramref name="target"/> (the version table first), for checkers and tests.</summary>
    public static IReadOnlyList<string> DdlFor(PostgresTarget target) =>
        [CreateSchemaVersionTable, .. MigrationsFor(target).Select(m => m.Ddl)];

    private static string IndexDdl(PostgresTarget target, string name, string table, string columns, bool unique)
    {
        var kind = unique ? "UNIQUE INDEX" : "INDEX";
        // DSQL only builds indexes asynchronously (a synchronous CREATE INDEX is refused); PostgreSQL has no ASYNC.
        return target == PostgresTarget.Dsql
            ? $"CREATE {kind} ASYNC IF NOT EXISTS {name} ON {table} ({columns})"
            : $"CREATE {kind} IF NOT EXISTS {name} ON {table} ({columns})";
    }
}
