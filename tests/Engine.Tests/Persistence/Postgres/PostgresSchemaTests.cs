using Fencepost.Engine.Persistence.Postgres;
using Fencepost.Engine.Persistence.Postgres.Schema;

namespace Fencepost.Engine.Tests.Persistence.Postgres;

public sealed class PostgresSchemaTests
{
    [Fact]
    public void DdlFor_Dsql_BuildsEveryIndexAsynchronously()
    {
        var indexes = PostgresSchema.DdlFor(PostgresTarget.Dsql).Where(d => d.Contains(" INDEX ", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(indexes);
        Assert.All(indexes, ddl => Assert.Matches(@"^CREATE (UNIQUE )?INDEX ASYNC ", ddl));
    }

    [Fact]
    public void DdlFor_PostgreSql_HasNoAsyncIndexes()
    {
        var indexes = PostgresSchema.DdlFor(PostgresTarget.PostgreSql).Where(d => d.Contains(" INDEX ", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(indexes);
        Assert.All(indexes, ddl => Assert.Matches(@"^CREATE (UNIQUE )?INDEX IF NOT EXISTS ", ddl));
    }

    [Theory]
    [InlineData(PostgresTarget.PostgreSql)]
    [InlineData(PostgresTarget.Dsql)]
    public void DdlFor_AnyTarget_AvoidsWhatDsqlLacks(PostgresTarget target)
    {
        string[] forbidden = ["REFERENCES", "CHECK", "SERIAL", "IDENTITY", "SEQUENCE", "TRIGGER", "TEMP", "EXTENSION", "TRUNCATE"];

        foreach (var ddl in PostgresSchema.DdlFor(target))
        {
            Assert.DoesNotContain(forbidden, word => ddl.Contains(word, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void MigrationsFor_EveryTable_IsOneVersionedStep()
    {
        var migrations = PostgresSchema.MigrationsFor(PostgresTarget.Dsql);
        string[] tables = ["shards", "executions", "current_executions", "history_node", "transfer_tasks", "timer_tasks", "visibility_tasks",
            "task_queues", "tasks", "cluster_membership", "cluster_metadata", "namespaces", "dynamic_config", "dynamic_config_audit", "executions_visibility"];

        Assert.Equal(migrations.Count, migrations.Select(m => m.Version).Distinct().Count());
        Assert.All(tables, table => Assert.Contains(migrations, m => m.Ddl.StartsWith($"CREATE TABLE IF NOT EXISTS {table} (", StringComparison.Ordinal)));
    }

    /// <summary>
    /// Databases record applied migrations by number, so released numbers never move: a table added
    /// in the middle once renumbered every index after it, and an upgraded database would have
    /// skipped the new table. The numbers here are the released ones; new migrations follow them.
    /// </summary>
    [Theory]
    [InlineData(PostgresTarget.PostgreSql)]
    [InlineData(PostgresTarget.Dsql)]
    public void MigrationsFor_ReleasedVersions_KeepTheirNumbersAndNewOnesFollowInOrder(PostgresTarget target)
    {
        var migrations = PostgresSchema.MigrationsFor(target);

        Assert.Equal("create table shards", migrations.Single(m => m.Version == 1).Description);
        Assert.Equal("create table executions_visibility", migrations.Single(m => m.Version == 15).Description);
        Assert.Equal("create index namespaces_name_idx", migrations.Single(m => m.Version == 16).Description);
        Assert.Equal("create index ev_workflow_id_idx", migrations.Single(m => m.Version == 24).Description);
        Assert.Equal("create table signing_keys", migrations.Single(m => m.Version == 25).Description);
        Assert.Equal("create table executions_search_attributes", migrations.Single(m => m.Version == 26).Description);
        Assert.Equal(Enumerable.Range(1, migrations.Count), migrations.Select(m => m.Version));
    }

    [Fact]
    public void DdlFor_Collation_ByteWiseOnPostgreSqlAndLeftToDsqlsOnlyCollation()
    {
        Assert.Contains(PostgresSchema.DdlFor(PostgresTarget.PostgreSql), ddl => ddl.Contains("name text COLLATE \"C\"", StringComparison.Ordinal));
        Assert.DoesNotContain(PostgresSchema.DdlFor(PostgresTarget.Dsql), ddl => ddl.Contains("COLLATE", StringComparison.Ordinal));
    }
}
