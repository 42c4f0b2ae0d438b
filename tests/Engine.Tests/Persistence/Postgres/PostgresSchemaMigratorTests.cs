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
        Assert.Equal(16L, (long)(await tables.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task RunAsync_AsACommand_MigratesAFreshDatabase()
    {
        var connectionString = await database.Server.CreateDatabaseAsync("migrate_command");

        var applied = await PostgresSchemaMigrator.RunAsync(new PostgresStoreOptions { ConnectionString = connectionString }, TimeProvider.System, NullLoggerFactory.Instance);

        Assert.Equal(PostgresSchema.MigrationsFor(PostgresTarget.PostgreSql).Count, applied.Count);
    }
}
