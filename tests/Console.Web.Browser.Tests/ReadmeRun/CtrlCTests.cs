using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Fencepost.ConsoleWeb.Browser.Tests.ReadmeRun;

/// <summary>
/// Ctrl+C in the terminal that runs the README's command stops the product promptly and quietly, also
/// while the demo load keeps its client and worker busy (it used to take about 30 s there, the
/// frontend closing first while the demo's client kept retrying starts against it).
/// </summary>
[Collection(ReadmeRunCollection.Name)]
public sealed partial class CtrlCTests
{
    /// <summary>The bound the issue sets for a user's Ctrl+C; the stop itself takes about a second.</summary>
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task CtrlC_Idle_ExitsCleanlyWithinTenSeconds()
    {
        await using var product = await ReadmeProcess.StartAsync();

        var outcome = await product.PressCtrlCAsync(StopBound);

        AssertStoppedCleanly(outcome, product);
    }

    [Fact]
    public async Task CtrlC_DemoLoadRunning_ExitsCleanlyWithinTenSecondsAndDemoCountsAddUp()
    {
        await using var product = await ReadmeProcess.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var (page, _) = await ReadmeBrowser.SignInAsync(browser, product);
        await page.GetByLabel("Demo load switch").CheckAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Demo load" }))
            .ToContainTextAsync(new Regex(@"[1-9]\d* completed"), new() { Timeout = 60_000 });

        var outcome = await product.PressCtrlCAsync(StopBound);

        AssertStoppedCleanly(outcome, product);
        var stopped = DemoStoppedLine().Match(outcome.LogAfterSignal);
        Assert.True(stopped.Success, "The demo load logged no closing line after Ctrl+C:\n" + outcome.LogAfterSignal);
        long Count(string name) => long.Parse(stopped.Groups[name].Value, CultureInfo.InvariantCulture);
        Assert.True(Count("started") > 0, stopped.Value);
        Assert.Equal(Count("started"), Count("completed") + Count("failed") + Count("unfinished"));
        // The demo stops before the frontend does: nothing it sent may fail for the server going away.
        Assert.True(Count("failed") == 0 && Count("refused") == 0, stopped.Value + "\n\nLog:\n" + product.Log);
    }

    private static void AssertStoppedCleanly(CtrlCOutcome outcome, ReadmeProcess product)
    {
        Assert.True(outcome.Exited, $"Still running {StopBound.TotalSeconds:0} s after Ctrl+C. Log:\n{product.Log}");
        Assert.True(outcome.ExitCode == 0, $"Exit code {outcome.ExitCode} after Ctrl+C. Log:\n{product.Log}");
        Assert.True(outcome.Warnings.Count == 0, "Warnings while stopping:\n" + string.Join("\n", outcome.Warnings) + "\n\nLog:\n" + product.Log);
    }

    [GeneratedRegex(@"Demo load stopped: (?<started>\d+) workflows started, (?<completed>\d+) completed, (?<failed>\d+) failed, (?<unfinished>\d+) unfinished; (?<refused>\d+) starts refused")]
    private static partial Regex DemoStoppedLine();
}
