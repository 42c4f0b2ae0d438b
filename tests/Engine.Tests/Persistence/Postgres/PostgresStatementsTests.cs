using Fencepost.Engine.Persistence.Postgres.Sql;
using Fencepost.TestUtilities.Postgres;
using Npgsql;

namespace Fencepost.Engine.Tests.Persistence.Postgres;

public sealed class PostgresStatementsTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    // Utility statements PREPARE cannot take: they are run instead.
    private static readonly string[] TransactionControl = [PostgresStatements.Begin, PostgresStatements.PlanWithTheValues, PostgresStatements.Commit, PostgresStatements.Rollback];

    [Fact]
    public void All_IsNonEmptyAndHasNoDsqlUnsupportedClauses()
    {
        Assert.True(PostgresStatements.All.Count > 50, $"Only {PostgresStatements.All.Count} statements in the catalog.");
        Assert.All(PostgresStatements.All, sql =>
        {
            Assert.DoesNotContain("FOR SHARE", sql, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("TRUNCATE", sql, StringComparison.OrdinalIgnoreCase);
            Assert.False(sql.Contains("JOIN", StringComparison.OrdinalIgnoreCase) && sql.Contains("FOR UPDATE", StringComparison.OrdinalIgnoreCase), sql);
        });
    }

    [Fact]
    public async Task All_EveryStatement_PreparesAgainstTheMigratedSchema()
    {
        await (await PostgresTestStores.CreateInitializedAsync(database.ConnectionString, poolSize: 1)).DisposeAsync();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();

        var failures = new List<string>();
        var index = 0;
        foreach (var sql in PostgresStatements.All.Except(TransactionControl))
        {
            try
            {
                // PREPARE parses, resolves every table and column and infers every parameter's type.
                await using var prepare = new NpgsqlCommand($"PREPARE catalog_{index++} AS {sql}", connection);
                await prepare.ExecuteNonQueryAsync();
            }
            catch (PostgresException ex)
            {
                failures.Add($"{ex.SqlState} {ex.MessageText}: {sql}");
            }
        }
        foreach (var sql in TransactionControl)
        {
            await using var control = new NpgsqlCommand(sql, connection);
            await control.ExecuteNonQueryAsync();
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
