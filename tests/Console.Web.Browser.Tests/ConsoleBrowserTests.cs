using Fencepost.ConsoleWeb.Configuration;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Fencepost.ConsoleWeb.Browser.Tests;

[Collection(ConsoleAppCollection.Name)]
public sealed class ConsoleBrowserTests(ConsoleAppFixture app)
{
    private static readonly (string Path, string Heading, string Screenshot)[] AdminPages =
    [
        ("/workflows", "Workflows", "workflows"),
        ("/namespaces", "Namespaces", "namespaces"),
        ("/schedules", "Schedules", "schedules"),
        ("/", "Overview", "overview"),
        ("/conflicts", "Conflicts", "conflicts"),
        ("/latency", "Latency", "latency"),
        ("/task-queues", "Task queues", "task-queues"),
        ("/config", "Dynamic config", "config"),
        ("/shards", "Shards", "shards"),
        ("/pools", "Connection pools", "pools"),
        ("/users", "Users", "users"),
    ];

    [Fact]
    public async Task SignIn_WrongPassword_ShowsErrorAndStaysOnSignIn()
    {
        var (page, _) = await app.SignInAsync("olga", "not-the-password");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong user name or password.");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task EveryPage_Admin_RendersWithoutConsoleErrors()
    {
        var (page, errors) = await app.SignInAsync("root", ConsoleAppFixture.AdminPassword);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status, new() { Name = "Health verdict" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, "signin-landing.png"), FullPage = true });

        foreach (var (path, heading, screenshot) in AdminPages)
        {
            // Through the nav, as an operator would; the circuit stays up between pages.
            await page.GetByRole(AriaRole.Link, new() { Name = heading, Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            Assert.EndsWith(path, new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
            if (path is "/shards" or "/pools" or "/" or "/conflicts" or "/latency")
            {
                await Assertions.Expect(page.GetByLabel("Last updated")).ToContainTextAsync("Updated");
            }
            await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, screenshot + ".png"), FullPage = true });
        }

        Assert.True(errors.Count == 0, "Browser errors:\n" + string.Join("\n", errors));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ConfigChange_OperatorInBrowser_AppliedInProcessAndAudited()
    {
        var reason = "browser test " + Guid.NewGuid().ToString("N")[..8];
        var (page, errors) = await app.SignInAsync("olga", ConsoleAppFixture.OperatorPassword);
        await page.GotoAsync("/config?q=console.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Change console.liveRefreshInterval" }).ClickAsync();
        await page.Locator("#config-value").FillAsync("00:00:02");
        await page.Locator("#config-reason").FillAsync(reason);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, "config-editor.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByLabel("Config audit log")).ToContainTextAsync(reason);
        Assert.Equal(TimeSpan.FromSeconds(2), app.DynamicConfig.Get(ConsoleDynamicConfigKeys.LiveRefreshInterval));
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, "config-after-change.png"), FullPage = true });
        Assert.True(errors.Count == 0, "Browser errors:\n" + string.Join("\n", errors));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DemoLoad_OperatorSwitchesItOn_OverviewShowsProgressThenStops()
    {
        var (page, errors) = await app.SignInAsync("olga", ConsoleAppFixture.OperatorPassword);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();

        await page.GetByLabel("Demo load switch").CheckAsync();

        // Real SDK workflows through this process's frontend: completions appear within a few refreshes.
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Demo load" }))
            .ToContainTextAsync(new Regex(@"[1-9]\d* completed, 0 failed"), new() { Timeout = 60_000 });
        // The sampled completion rate (a mean over the measured seconds) turns positive once a completion is sampled.
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Workflow completions" }))
            .ToContainTextAsync(new Regex(@"(0\.0*[1-9]|[1-9])[\d.]* /s"), new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, "overview-demo-load.png"), FullPage = true });

        await page.GetByLabel("Demo load switch").UncheckAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Demo load" })).ToContainTextAsync("Starts 5 simple workflows per second", new() { Timeout = 30_000 });
        Assert.True(errors.Count == 0, "Browser errors:\n" + string.Join("\n", errors));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ConfigPage_Viewer_CannotChangeAnything()
    {
        var (page, errors) = await app.SignInAsync("vera", ConsoleAppFixture.ViewerPassword);
        await page.GotoAsync("/config");

        await Assertions.Expect(page.GetByText("Viewers can read but not change anything.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Change console.liveRefreshInterval" })).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, "config-viewer.png"), FullPage = true });
        Assert.True(errors.Count == 0, "Browser errors:\n" + string.Join("\n", errors));
        await page.Context.CloseAsync();
    }
}
