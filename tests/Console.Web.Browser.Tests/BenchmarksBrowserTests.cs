using System.Security.Claims;
using Fencepost.Benchmarks.Runs;
using Fencepost.ConsoleWeb.Benchmarks;
using Fencepost.ConsoleWeb.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Fencepost.ConsoleWeb.Browser.Tests;

/// <summary>A short benchmark started from the browser runs the real driver in the app's process and its report renders.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class BenchmarksBrowserTests(ConsoleAppFixture app)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ShortRun_StartedInBrowser_FinishesAndReportRenders()
    {
        var (page, errors) = await app.SignInAsync("olga", ConsoleAppFixture.OperatorPassword);
        await page.GetByRole(AriaRole.Link, new() { Name = "Benchmarks", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Benchmarks", Level = 1 })).ToBeVisibleAsync();

        await page.Locator("#bench-rate").FillAsync("4");
        await page.Locator("#bench-duration").FillAsync("3");
        await page.Locator("#bench-warmup").FillAsync("1");
        await page.Locator("#bench-calibration").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start benchmark" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Current run")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Start benchmark" })).ToBeDisabledAsync();

        // Leaving the page does not stop the run; coming back shows it again.
        await page.GetByRole(AriaRole.Link, new() { Name = "Workflows", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Workflows", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Benchmarks", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Current run")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Workflows per second").Locator("svg")).ToBeVisibleAsync(new() { Timeout = (float)RunTimeout.TotalMilliseconds });
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, "benchmarks-live.png"), FullPage = true });

        await Assertions.Expect(page.GetByLabel("Phase")).ToHaveTextAsync("Finished", new() { Timeout = (float)RunTimeout.TotalMilliseconds });
        var report = page.Locator("[aria-label^='Report bench-']");
        await Assertions.Expect(report).ToContainTextAsync("all completed");
        await Assertions.Expect(report).ToContainTextAsync("Calibrated commits/s");
        await Assertions.Expect(page.GetByLabel("Stored runs").Locator("tbody tr")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, "benchmarks-report.png"), FullPage = true });

        var runs = await app.Services.GetRequiredService<IBenchmarks>().ListRunsAsync();
        var stored = Assert.Single(runs);
        Assert.Equal(stored.Report.Started, stored.Report.Completed + stored.Report.Failed + stored.Report.StillRunning);
        Assert.True(stored.Report.Completed > 0, "The run completed no workflow.");
        Assert.NotNull(stored.Report.ConsoleCpuShare);
        var csv = await page.APIRequest.GetAsync($"/benchmarks/runs/{stored.RunId}.csv");
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("scenario,startedAt", await csv.TextAsync(), StringComparison.Ordinal);
        Assert.True(errors.Count == 0, "Browser errors:\n" + string.Join("\n", errors));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Start_ManyAtOnce_ExactlyOneRunsAndStopEndsIt()
    {
        var benchmarks = app.Services.GetRequiredService<IBenchmarks>();
        var olga = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "olga"), .. ConsoleRoles.ClaimsFor(ConsoleRole.Operator)], "test"));
        var request = new BenchmarkStartRequest { Rate = 1, DurationSeconds = 60, WarmupSeconds = 0, CalibrationSeconds = 0 };
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = benchmarks.Subscribe(() =>
        {
            if (benchmarks.Current?.Data?.Run is { Phase: BenchmarkPhase.Failed })
            {
                failed.TrySetResult();
            }
            return Task.CompletedTask;
        });

        using var gate = new Barrier(8);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            gate.SignalAndWait();
            return benchmarks.Start(olga, request);
        })));

        Assert.Equal(1, results.Count(r => r.Count == 0));
        Assert.All(results.Where(r => r.Count > 0), r => Assert.Contains("one runs at a time", r[""], StringComparison.Ordinal));
        benchmarks.Stop(olga);
        await failed.Task.WaitAsync(TimeSpan.FromSeconds(30)); // TimeoutException: the stopped run never reported Failed.
        Assert.Contains("Stopped by an operator", benchmarks.Current!.Data!.Run!.Error, StringComparison.Ordinal);
        Assert.Null(benchmarks.WhyCannotStart(olga));
    }
}
