using Fencepost.Engine.Persistence.Postgres;
using Fencepost.Engine.Persistence.Postgres.Schema;
using Fencepost.TestUtilities.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Fencepost.Engine.Tests.Persistence.Postgres;

public sealed class PostgresSchemaMigratorTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task MigrateAsync_RunTwice_SecondRunAppliesNothing()
    {
        var connectionString = await database.Server.CreateDatabaseAsync("migrate_twice");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var migrator = new PostgresSchemaMigrator(dataSource, PostgresTarget.PostgreSql, TimeProvider.System, NullLogger.Instance);

        var first = await migrator.MigrateAsync();
        var second = await migrator.MigrateAsync();

        Assert.Equal(PostgresSchema.MigrationsFor(PostgresTarget.PostgreSql).Select(m => m.Version), first);
        Assert.Empty(second);
        Assert.Equal(first.ToHashSet(), await migrator.ReadAppliedVersionsAsync());
    }

    [Fact]
    public async Task MigrateAsync_TwoMigratorsAtOnce_BothSucceedAndEveryVersionIsAppliedOnce()
    {
        var connectionString = await database.Server.CreateDatabaseAsync("migrate_concurrent");
        await using var one = NpgsqlDataSource.Create(connectionString);
        await using var two = NpgsqlDataSource.Create(connectionString);
        var a = new PostgresSchemaMigrator(one, PostgresTarget.PostgreSql, TimeProvider.System, NullLogger.Instance);
        var b = new PostgresSchemaMigrator(two, PostgresTarget.PostgreSql, TimeProvider.System, NullLogger.Instance);

        var results = await Task.WhenAll(a.MigrateAsync(), b.MigrateAsync());

        var expected = PostgresSchema.MigrationsFor(PostgresTarget.PostgreSql).Select(m => m.Version).ToList();
        // Each version was recorded by exactly one of the two.
        Assert.Equal(expected, results[0].Concat(results[1]).Order());
        Assert.Equal(expected.ToHashSet(), await a.ReadAppliedVersionsAsync());
        await using var tables = one.CreateCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'");
        Assert.Equal(17L, (long)(await tables.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task MigrateAsync_TwinRecordsTheSameVersionWhileItWaits_RetriesAndLeavesTheVersionToTheTwin()
    {
        // Cluster nodes starting together record the same version at the same moment. At
        // REPEATABLE READ (the store's isolation) the loser's ON CONFLICT DO NOTHING waits for the
        // twin's row and then fails with 40001 instead of doing nothing: the migrator must retry.
        var connectionString = await database.Server.CreateDatabaseAsync("migrate_twin");
        var repeatableRead = new NpgsqlConnectionStringBuilder(connectionString) { Options = @"-c default_transaction_isolation=repeatable\ read" }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(repeatableRead);
        await using var admin = NpgsqlDataSource.Create(connectionString);
        await using (var create = admin.CreateCommand(PostgresSchema.CreateSchemaVersionTable))
        {
            await create.ExecuteNonQueryAsync();
        }
        await using var twin = await admin.OpenConnectionAsync();
        await using var twinTransaction = await twin.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("INSERT INTO schema_version (version, description, applied_at) VALUES (1, 'twin', now())", twin, twinTransaction))
        {
            await insert.ExecuteNonQueryAsync();
        }
        var migrator = new PostgresSchemaMigrator(dataSource, PostgresTarget.PostgreSql, TimeProvider.System, NullLogger.Instance);

        var migrating = migrator.MigrateAsync();
        await WaitForBlockedVersionInsertAsync(admin, new NpgsqlConnectionStringBuilder(connectionString).Database!);
        await twinTransaction.CommitAsync();
        var applied = await migrating;

        var expected = PostgresSchema.MigrationsFor(PostgresTarget.PostgreSql).Select(m => m.Version).ToList();
        Assert.Equal(expected.Skip(1), applied);
        Assert.Equal(expected.ToHashSet(), await migrator.ReadAppliedVersionsAsync());
    }

    private static async Task WaitForBlockedVersionInsertAsync(NpgsqlDataSource admin, string databaseName)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            await using var blocked = admin.CreateCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO schema_version%'");
            blocked.Parameters.AddWithValue(databaseName);
            if ((long)(await blocked.ExecuteScalarAsync(timeout.Token))! > 0)
            {
                return;
            }
            Assert.False(timeout.IsCancellationRequested, "The migrator never waited on the twin's version row within 60 s.");
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    [Fact]
    public async Task RunAsync_AsACommand_MigratesAFreshDatabase()
    {
        var connectionString = await database.Server.CreateDatabaseAsync("migrate_command");

        var applied = await PostgresSchemaMigrator.RunAsync(new PostgresStoreOptions { ConnectionString = connectionString }, TimeProvider.System, NullLoggerFactory.Instance);

        Assert.Equal(PostgresSchema.MigrationsFor(PostgresTarget.PostgreSql).Count, applied.Count);
    }
}
