using Fencepost.Engine.Persistence.Postgres.Schema;
using Fencepost.Engine.Persistence.Postgres;
using Fencepost.TestUtilities.Postgres;
using Npgsql;

namespace Fencepost.Engine.Tests.Persistence.Postgres;

/// <summary>What the readiness probe learns from the PostgreSQL store: serving, an old or missing schema, or no answer.</summary>
public sealed class PostgresStoreReadinessTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task CheckReadiness_MigratedStore_Serving()
    {
        await using var store = await PostgresTestStores.CreateInitializedAsync(await database.Server.CreateDatabaseAsync("ready_migrated"));

        var readiness = await store.CheckReadinessAsync();

        Assert.True(readiness.Ready, readiness.Description);
    }

    [Fact]
    public async Task CheckReadiness_SchemaLacksTheNewestMigration_NotServingAndNamesIt()
    {
        var connectionString = await database.Server.CreateDatabaseAsync("ready_behind");
        await using var store = await PostgresTestStores.CreateInitializedAsync(connectionString);
        var newest = PostgresSchema.MigrationsFor(PostgresTarget.PostgreSql)[^1].Version;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var forget = new NpgsqlCommand($"DELETE FROM schema_version WHERE version = {newest}", connection);
            await forget.ExecuteNonQueryAsync();
        }

        var readiness = await store.CheckReadinessAsync();

        Assert.False(readiness.Ready);
        Assert.Contains($"lacks migrations {newest}", readiness.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckReadiness_NoSchemaYet_NotServingAndSaysToMigrate()
    {
        await using var store = PostgresTestStores.Create(await database.Server.CreateDatabaseAsync("ready_empty"));

        var readiness = await store.CheckReadinessAsync();

        Assert.False(readiness.Ready);
        Assert.Contains("no Fencepost schema", readiness.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckReadiness_ServerNotListening_NotServingWithoutThrowing()
    {
        await using var store = PostgresTestStores.Create("Host=127.0.0.1;Port=1;Username=x;Password=y;Timeout=2");

        var readiness = await store.CheckReadinessAsync();

        Assert.False(readiness.Ready);
        Assert.Contains("does not answer", readiness.Description, StringComparison.Ordinal);
    }
}
