namespace Fencepost.ConsoleWeb.Tests.Commands;

public sealed class FencepostCommandLineTests
{
    [Fact]
    public async Task Help_Root_ListsEveryServerOptionWithItsDefault()
    {
        var (code, output, _) = await CommandLineRun.InvokeAsync("--help");

        Assert.Equal(0, code);
        foreach (var expected in (string[])["--store", "[default: embedded]", "--connection", "--port", "[default: 8080]", "--address", "[default: localhost]",
                     "--frontend-port", "[default: 7233]", "--frontend-address", "[default: 127.0.0.1]", "--shards", "[default: 4]",
                     "--roles", "[default: frontend,history,matching,console]", "--target", "[default: PostgreSql]", "bench", "migrate", "--Section:Key value"])
        {
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Help_Bench_ListsEveryOptionWithItsDefault()
    {
        var (code, output, _) = await CommandLineRun.InvokeAsync("bench", "--help");

        Assert.Equal(0, code);
        foreach (var expected in (string[])["--scenario", "--mode", "[default: open]", "--rate", "--concurrency", "[default: 16]", "--duration", "--warmup", "[default: 10]",
                     "--drain", "[default: 30]", "--calibration", "[default: 3]", "--eager-start", "--target", "--namespace", "[default: default]",
                     "--store", "[default: embedded]", "--connection", "--shards", "[default: 4]", "--fanout", "[default: 10]", "--timer-ms", "[default: 100]",
                     "--json", "--csv", "--runs-folder"])
        {
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Help_Migrate_ListsEveryOptionWithItsDefault()
    {
        var (code, output, _) = await CommandLineRun.InvokeAsync("migrate", "--help");

        Assert.Equal(0, code);
        foreach (var expected in (string[])["--connection", "(REQUIRED)", "--target", "[default: PostgreSql]", "--iam", "--region", "--endpoint", "--admin"])
        {
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Run_NamedOptionsAndSettings_ReachTheServerAsConfiguration()
    {
        var (code, _, errors, server) = await CommandLineRun.InvokeServerAsync(
            "--store", "postgres", "--connection", "Host=db", "--port", "9090", "--Fencepost:Console:ReadOnly", "true", "--Logging:LogLevel:Default=Warning");

        Assert.True(code == 0, errors);
        Assert.NotNull(server);
        Assert.Equal("postgres", server.Settings["Fencepost:Store:Kind"]);
        Assert.Equal("Host=db", server.Settings["Fencepost:Store:ConnectionString"]);
        Assert.Equal("9090", server.Settings["Fencepost:Console:Port"]);
        Assert.Equal(["--Fencepost:Console:ReadOnly", "true", "--Logging:LogLevel:Default=Warning"], server.ConfigurationArgs);
    }

    [Fact]
    public async Task Run_NoArguments_SetsNothingSoOtherSourcesApply()
    {
        var (code, _, _, server) = await CommandLineRun.InvokeServerAsync();

        Assert.Equal(0, code);
        Assert.Empty(server!.Settings);
        Assert.Empty(server.ConfigurationArgs);
        Assert.Null(server.Environment);
    }

    [Theory]
    [InlineData(new[] { "--port", "eighty" }, "fencepost: --port must be a whole number between 0 and 65535, not \"eighty\".")]
    [InlineData(new[] { "--store", "mysql" }, "fencepost: --store must be \"embedded\" or \"postgres\", not \"mysql\".")]
    [InlineData(new[] { "--stor", "postgres" }, "fencepost: Unknown option or argument \"--stor\"")]
    [InlineData(new[] { "--Fencepost:Console:ReadOnly" }, "fencepost: --Fencepost:Console:ReadOnly needs a value.")]
    [InlineData(new[] { "--connection", "--port", "1" }, "fencepost: --connection needs a value, not the option \"--port\".")]
    [InlineData(new[] { "bench", "--rate", "fast" }, "fencepost: bench --rate must be a positive number, not \"fast\".")]
    public async Task Run_BadArguments_ExitsTwoWithOneLineNamingTheOption(string[] args, string expected)
    {
        var (code, _, errors, server) = await CommandLineRun.InvokeServerAsync(args);

        Assert.Equal(2, code);
        Assert.Null(server);
        Assert.Contains(expected, errors, StringComparison.Ordinal);
        Assert.Contains("--help", errors.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], StringComparison.Ordinal);
    }
}
