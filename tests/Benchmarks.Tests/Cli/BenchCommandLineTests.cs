using Fencepost.Benchmarks.Driver;
using Fencepost.Benchmarks.Cli;

namespace Fencepost.Benchmarks.Tests.Cli;

public class BenchCommandLineTests
{
    private static BenchArgumentsParseResult Parse(string line) => BenchCommandLine.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void Parse_FullOpenLoopCommand_ReadsEveryOption()
    {
        var result = BenchCommandLine.Parse(
        [
            "--scenario", "simple", "--rate", "150", "--duration", "60", "--warmup", "8", "--concurrency", "32",
            "--store", "postgres", "--connection", "Host=127.0.0.1;Username=postgres", "--json", "out.json", "--csv", "out.csv",
        ]);

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        var args = result.Arguments!;
        Assert.Equal("simple", args.Scenario);
        Assert.Equal(LoadMode.OpenLoop, args.Load.Mode);
        Assert.Equal(150, args.Load.Rate);
        Assert.Equal(32, args.Load.Concurrency);
        Assert.Equal(TimeSpan.FromSeconds(60), args.Load.Duration);
        Assert.Equal(TimeSpan.FromSeconds(8), args.Load.Warmup);
        Assert.Equal(TimeSpan.FromSeconds(4), args.Load.RampUp);
        Assert.Equal("postgres", args.Store);
        Assert.Equal("Host=127.0.0.1;Username=postgres", args.Connection);
        Assert.Equal("out.json", args.JsonPath);
        Assert.Equal("out.csv", args.CsvPath);
    }

    [Fact]
    public void Parse_Target_LoadsARunningServerInItsNamespace()
    {
        var result = Parse("--scenario simple --rate 20 --duration 30 --target temporal.internal:7233 --namespace orders");

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        Assert.Equal("temporal.internal:7233", result.Arguments!.Target);
        Assert.Equal("orders", result.Arguments.Namespace);
    }

    [Fact]
    public void Parse_NoTarget_HostsTheEngineInTheDefaultNamespace()
    {
        var result = Parse("--scenario simple --rate 20 --duration 30");

        Assert.Null(result.Arguments!.Target);
        Assert.Equal("default", result.Arguments.Namespace);
    }

    [Fact]
    public void Parse_Retention_ReadAsSecondsAndRefusedWithTarget()
    {
        var hosted = Parse("--scenario simple --rate 20 --duration 30 --retention 60");
        var none = Parse("--scenario simple --rate 20 --duration 30");
        var remote = Parse("--scenario simple --rate 20 --duration 30 --target temporal.internal:7233 --retention 60");

        Assert.Equal(TimeSpan.FromMinutes(1), hosted.Arguments!.Retention);
        Assert.Null(none.Arguments!.Retention);
        Assert.Contains(remote.Errors, e => e.StartsWith("--retention", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_EagerStartSwitch_TakesNoValueAndTurnsEagerStartOn()
    {
        var on = Parse("--scenario simple --eager-start --rate 20 --duration 30");
        var off = Parse("--scenario simple --rate 20 --duration 30");

        Assert.True(on.Succeeded, string.Join(" ", on.Errors));
        Assert.True(on.Arguments!.Load.EagerStart);
        Assert.False(off.Arguments!.Load.EagerStart);
    }

    [Fact]
    public void Parse_SwitchWhereAValueBelongs_IsRejectedNamingTheOption()
    {
        var asValue = Parse("--scenario simple --rate 20 --duration 30 --json --eager-start");

        Assert.Contains("--json needs a value, not the option \"--eager-start\".", asValue.Errors);
    }

    [Fact]
    public void Parse_NothingGiven_ReportsEveryMissingRequiredOption()
    {
        var result = Parse("");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.StartsWith("--scenario is required", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("--rate", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("--duration", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--scenario warp --rate 5 --duration 5", "--scenario \"warp\" is unknown")]
    [InlineData("--scenario simple --rate -3 --duration 5", "--rate must be a positive number")]
    [InlineData("--scenario simple --rate fast --duration 5", "--rate must be a positive number, not \"fast\"")]
    [InlineData("--scenario simple --rate 5 --duration 5 --bogus 1", "Unrecognized command or argument '--bogus'")]
    [InlineData("--scenario simple --rate 5 --duration", "Required argument missing for option: '--duration'")]
    [InlineData("--scenario simple --rate 5 --rate 6 --duration 5", "Option '--rate' expects a single argument but 2 were provided")]
    [InlineData("--scenario simple --rate 5 --duration 5 --store postgres", "--store postgres needs --connection")]
    [InlineData("--scenario simple --rate 5 --duration 5 --store mysql", "--store must be \"embedded\" or \"postgres\"")]
    [InlineData("--scenario simple --rate 5 --duration 5 --connection Host=x", "--connection applies to --store postgres only")]
    [InlineData("--scenario simple --mode closed --rate 5 --duration 5 --concurrency 2", "--rate does not apply to --mode closed")]
    [InlineData("--scenario simple --mode closed --duration 5", "--concurrency <workflows in flight> is required")]
    [InlineData("--scenario simple --mode sideways --rate 5 --duration 5", "--mode must be")]
    [InlineData("--scenario simple --rate 5 --duration 0", "The duration must be between 1 s")]
    [InlineData("--scenario fanout --rate 5 --duration 5 --fanout 0", "--fanout must be a whole number between 1 and 1000, not \"0\"")]
    [InlineData("--scenario simple --rate 5 --duration 5 --target localhost", "--target must be host:port")]
    [InlineData("--scenario simple --rate 5 --duration 5 --target localhost:99999", "--target must be host:port")]
    [InlineData("--scenario simple --rate 5 --duration 5 --target 127.0.0.1:7233 --shards 8", "--shards configures the in-process engine")]
    [InlineData("--scenario simple --rate 5 --duration 5 --target 127.0.0.1:7233 --store postgres --connection Host=x", "--store configures the in-process engine")]
    public void Parse_BadInput_SaysWhatIsWrong(string line, string expected)
    {
        var result = Parse(line);

        Assert.False(result.Succeeded);
        Assert.Null(result.Arguments);
        Assert.Contains(result.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ClosedLoop_UsesConcurrencyAndNoRate()
    {
        var result = Parse("--scenario signal --mode closed --concurrency 8 --duration 30 --warmup 0");

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        Assert.Equal(LoadMode.ClosedLoop, result.Arguments!.Load.Mode);
        Assert.Equal(8, result.Arguments.Load.Concurrency);
        Assert.Equal(TimeSpan.Zero, result.Arguments.Load.RampUp);
    }
}
