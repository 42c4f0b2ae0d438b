using Xunit.Abstractions;

namespace Fencepost.Engine.TypeScriptSdk.Tests;

/// <summary>
/// One xunit test per TypeScript suite (a file under ts/src/cases), on the store its fixture runs:
/// it fails when any case of the suite failed, listing every case with its error.
/// </summary>
public abstract class TypeScriptSuiteTests(TypeScriptRunFixture run, ITestOutputHelper output)
{
    /// <summary>How much of node's output a failure message carries.</summary>
    private const int OutputTailLines = 120;

    public static IEnumerable<object[]> Suites() => TypeScriptProject.Suites();

    [Theory]
    [MemberData(nameof(Suites))]
    public void Suite_RunWithTheTypeScriptSdk_EveryCasePasses(string suite)
    {
        Assert.True(run.SetupFailure is null, run.SetupFailure);
        // A run that had to be killed hung somewhere (often a worker that never finished shutting down).
        Assert.True(run.ExitCode != NodeProcess.Killed, $"The TypeScript run did not finish in time and was killed.\n{Tail(run.Output)}");
        var results = run.Results.Where(r => r.Suite == suite).ToList();
        var summary = results.Find(r => r.Test is null);
        Assert.True(summary is not null,
            $"Suite '{suite}' did not report (node exited with {run.ExitCode}; does its file register describe('{suite}')?).\n{Tail(run.Output)}");
        var cases = results.Where(r => r.Test is not null).ToList();
        var report = string.Join('\n', cases.Select(c => c.ToString()));
        output.WriteLine(report);
        Assert.True(!summary.Failed && cases.All(c => !c.Failed),
            $"Suite '{suite}': {cases.Count(c => c.Failed)} of {cases.Count} cases failed.\n{report}\n{summary}\n--- node output (tail) ---\n{Tail(run.Output)}");
    }

    private static string Tail(string output)
    {
        var lines = output.Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - OutputTailLines)));
    }
}
