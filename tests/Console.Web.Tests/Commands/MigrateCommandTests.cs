using Fencepost.TestUtilities.Postgres;
using Npgsql;

namespace Fencepost.ConsoleWeb.Tests.Commands;

public sealed class MigrateCommandTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Run_TwiceAgainstAFreshDatabase_AppliesThenReportsUpToDate()
    {
        var (first, firstOutput, _) = await CommandLineRun.InvokeAsync("migrate", "--connection", database.ConnectionString);
        var (second, secondOutput, _) = await CommandLineRun.InvokeAsync("migrate", "--connection", database.ConnectionString);

        Assert.Equal(0, first);
        Assert.StartsWith("Applied schema versions", firstOutput, StringComparison.Ordinal);
        Assert.Equal(0, second);
        Assert.StartsWith("Schema is up to date", secondOutput, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM shards", connection);
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData(new[] { "migrate" }, "fencepost: migrate Option '--connection' is required.")]
    [InlineData(new[] { "migrate", "--connection", "Host=127.0.0.1", "--target", "Oracle" }, "fencepost: migrate --target must be \"PostgreSql\" or \"Dsql\", not \"Oracle\".")]
    [InlineData(new[] { "migrate", "--connection", "Host=127.0.0.1", "--frobnicate" }, "fencepost: migrate Unrecognized command or argument '--frobnicate'.")]
    [InlineData(new[] { "migrate", "--connection", "Host=127.0.0.1;Port=x" }, "migrate: ConnectionString is not a valid Npgsql connection string")]
    public async Task Run_BadArguments_ExitsTwoWithOneLineNamingTheProblem(string[] args, string expected)
    {
        var (code, _, errors) = await CommandLineRun.InvokeAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(expected, errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ServerNotListening_ExitsOneWithTheReason()
    {
        var (code, _, errors) = await CommandLineRun.InvokeAsync("migrate", "--connection", "Host=127.0.0.1;Port=1;Username=x;Password=y;Timeout=3");

        Assert.Equal(1, code);
        Assert.StartsWith("Migration failed:", errors, StringComparison.Ordinal);
    }
}
