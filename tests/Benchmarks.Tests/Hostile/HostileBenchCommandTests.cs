using System.CommandLine;
using Fencepost.Benchmarks.Cli;
using Fencepost.Benchmarks.Hostile;

namespace Fencepost.Benchmarks.Tests.Hostile;

/// <summary>
/// A cheap run of <c>bench-hostile</c> (two oversized requests, no settle time) against an engine in
/// this process, so the command cannot rot between the rare full runs.
/// </summary>
public sealed class HostileBenchCommandTests
{
    [Fact]
    public async Task BenchHostile_TwoOversizedRequests_PrintsTheirAnswersAndTheWorkingSets()
    {
        await using var engine = await BenchEngineHost.StartAsync(new BenchArguments { Scenario = "simple", Load = new Fencepost.Benchmarks.Driver.LoadDriverOptions(), ShardCount = 1 }, CancellationToken.None);

        var run = await InvokeAsync("--address", engine.Target, "--pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--requests", "2", "--megabytes", "13", "--settle-seconds", "0");

        Assert.True(run.Exit == 0, run.Text);
        Assert.Contains("answers: ResourceExhausted 2", run.Text, StringComparison.Ordinal);
        Assert.Contains("an ordinary start afterwards: OK", run.Text, StringComparison.Ordinal);
        Assert.Matches(@"working set: before \d+ MB, peak \d+ MB, 0 s after \d+ MB", run.Text);
    }

    [Fact]
    public async Task BenchHostile_NoAddress_ExitsTwoSayingWhatIsRequired()
    {
        var run = await InvokeAsync("--requests", "2");

        Assert.Equal(2, run.Exit);
        Assert.Contains("--address", run.Text, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Text)> InvokeAsync(params string[] args)
    {
        var root = new RootCommand { HostileBenchCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await root.Parse([HostileBenchCommand.Name, .. args])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
        return (exit, output.ToString() + error);
    }
}
