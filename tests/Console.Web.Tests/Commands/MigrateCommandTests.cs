using Fencepost.ConsoleWeb.Commands;
using Fencepost.TestUtilities.Postgres;
using Npgsql;

namespace Fencepost.ConsoleWeb.Tests.Commands;

public sealed class MigrateCommandTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Run_TwiceAgainstAFreshDatabase_AppliesThenReportsUpToDate()
    {
        var (first, firstOutput, _) = await RunAsync("migrate", "--connection", database.ConnectionString);
        var (second, secondOutput, _) = await RunAsync("migrate", "--connection", database.ConnectionString);

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
    [InlineData(new[] { "migrate" }, "ConnectionString is required")]
    [InlineData(new[] { "migrate", "--connection", "Host=127.0.0.1", "--target", "Oracle" }, "--target must be PostgreSql or Dsql")]
    [InlineData(new[] { "migrate", "--connection", "Host=127.0.0.1", "--frobnicate" }, "Unknown argument '--frobnicate'")]
    public async Task Run_BadArguments_ExitsTwoWithTheProblemAndUsage(string[] args, string expected)
    {
        var (code, _, errors) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(expected, errors, StringComparison.Ordinal);
        Assert.Contains(MigrateCommand.Usage, errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ServerNotListening_ExitsOneWithTheReason()
    {
        var (code, _, errors) = await RunAsync("migrate", "--connection", "Host=127.0.0.1;Port=1;Username=x;Password=y;Timeout=3");

        Assert.Equal(1, code);
        Assert.StartsWith("Migration failed:", errors, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Errors)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = await MigrateCommand.RunAsync(args, output, errors, CancellationToken.None);
        return (code, output.ToString(), errors.ToString());
    }
}
