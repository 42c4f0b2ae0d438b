using System.CommandLine;
using Fencepost.Benchmarks.Visibility;
using Fencepost.TestUtilities.Postgres;

namespace Fencepost.Benchmarks.Tests.Visibility;

/// <summary>
/// A cheap run of <c>bench-visibility</c> (a thousand runs, each query once) on a fresh database, so
/// the command, its loader and its queries cannot rot between the rare full runs.
/// </summary>
public sealed class VisibilityBenchCommandTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task BenchVisibility_ThousandRuns_LoadsOnceThenTimesEveryQueryWithItsRows()
    {
        var first = await InvokeAsync("--connection", database.ConnectionString, "--runs", "1000", "--repeat", "1");
        Assert.True(first.Exit == 0, first.Text);
        Assert.Contains("calibration: SELECT 1 round trip", first.Text, StringComparison.Ordinal);
        Assert.Contains("loaded ", first.Text, StringComparison.Ordinal);
        var rows = RowsByQuery(first.Text);
        Assert.Equal(13, rows.Count);
        Assert.Equal(0, rows["list 100: CustomKeywordField = 'no-such-customer'"]);
        // Every 20th run is Failed, and every 20th is also a Refund: 50 of 1,000.
        Assert.Equal(50, rows["list 100: WorkflowType = 'Refund' AND ExecutionStatus = 'Failed'"]);
        // tag-3 is on every 7th run (143 of them): a full page.
        Assert.Equal(100, rows["list 100: CustomKeywordListField = 'tag-3'"]);
        Assert.Equal(rows["count: CustomKeywordField = 'customer-42'"], rows["list 100: CustomKeywordField = 'customer-42'"]);

        var second = await InvokeAsync("--connection", database.ConnectionString, "--runs", "1000", "--repeat", "1");
        Assert.True(second.Exit == 0, second.Text);
        Assert.Contains("reusing the ", second.Text, StringComparison.Ordinal);
        Assert.Equal(rows, RowsByQuery(second.Text));
    }

    [Fact]
    public async Task BenchVisibility_NoConnection_ExitsTwoSayingItIsRequired()
    {
        var run = await InvokeAsync("--runs", "1000");

        Assert.Equal(2, run.Exit);
        Assert.Contains("--connection", run.Text, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Text)> InvokeAsync(params string[] args)
    {
        var root = new RootCommand { VisibilityBenchCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await root.Parse([VisibilityBenchCommand.Name, .. args])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
        return (exit, output.ToString() + error);
    }

    /// <summary>The rows column of each query line ("list 100: ..." or "count: ..."), by the query's label.</summary>
    private static Dictionary<string, int> RowsByQuery(string text) =>
        text.Split('\n')
            .Where(line => line.StartsWith("list 100: ", StringComparison.Ordinal) || line.StartsWith("count: ", StringComparison.Ordinal))
            .Select(line => line.TrimEnd().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(words => string.Join(' ', words[..^4]), words => int.Parse(words[^4], System.Globalization.CultureInfo.InvariantCulture));
}
