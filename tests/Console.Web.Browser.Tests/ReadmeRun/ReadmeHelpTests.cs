namespace Fencepost.ConsoleWeb.Browser.Tests.ReadmeRun;

/// <summary><c>--help</c> at each level of the README's command prints the options with their defaults; bad arguments exit 2 with one line.</summary>
public sealed class ReadmeHelpTests
{
    [Theory]
    [InlineData(new[] { "--help" }, "--frontend-port <port>", "[default: 7233]")]
    [InlineData(new[] { "bench", "--help" }, "--scenario", "[default: 16]")]
    [InlineData(new[] { "migrate", "--help" }, "--connection", "[default: PostgreSql]")]
    public async Task Help_ReadmeRunCommand_PrintsOptionsWithDefaults(string[] args, string option, string withDefault)
    {
        var (exitCode, output, errors) = await ReadmeCommand.RunAsync(args);

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{errors}");
        Assert.Contains(option, output, StringComparison.Ordinal);
        Assert.Contains(withDefault, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadOption_ReadmeRunCommand_ExitsTwoNamingIt()
    {
        var (exitCode, output, errors) = await ReadmeCommand.RunAsync("--port", "eighty");

        Assert.True(exitCode == 2, $"exit {exitCode}\n{output}\n{errors}");
        Assert.StartsWith("fencepost: --port must be a whole number between 0 and 65535, not \"eighty\".", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidConfiguration_ReadmeRunCommand_ExitsTwoWithTheProblemNotAStackTrace()
    {
        var (exitCode, output, errors) = await ReadmeCommand.RunAsync("--store", "postgres");

        Assert.True(exitCode == 2, $"exit {exitCode}\n{output}\n{errors}");
        Assert.Equal("fencepost: ConnectionString is required (an Npgsql connection string).", errors.Trim());
    }
}
