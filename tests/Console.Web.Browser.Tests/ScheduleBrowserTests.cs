using Fencepost.Engine.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Temporalio.Client;
using Temporalio.Client.Schedules;

namespace Fencepost.ConsoleWeb.Browser.Tests;

/// <summary>A schedule created through the real Temporal SDK, found in the list, opened, and paused from the browser.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class ScheduleBrowserTests(ConsoleAppFixture app)
{
    [Fact]
    public async Task ScheduleCreatedThroughSdk_OpenedFromList_PausedByOperatorWithReason()
    {
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(app.Services.GetRequiredService<IFrontendEndpoint>().Target));
        var scheduleId = "browser-nightly-" + Guid.NewGuid().ToString("N")[..8];
        // No worker polls this queue; the schedule's first action is hours away anyway.
        var handle = await client.CreateScheduleAsync(scheduleId, new Schedule(
            ScheduleActionStartWorkflow.Create("ReportWorkflow", [], new WorkflowOptions("browser-report", "browser-reports-" + Guid.NewGuid().ToString("N")[..8])),
            new ScheduleSpec { Calendars = [new ScheduleCalendarSpec { Hour = [new ScheduleRange(2)] }], TimeZoneName = "Europe/Berlin" }));
        var reason = "browser test " + Guid.NewGuid().ToString("N")[..8];
        var (page, errors) = await app.SignInAsync("olga", ConsoleAppFixture.OperatorPassword);

        await page.GetByRole(AriaRole.Link, new() { Name = "Schedules", Exact = true }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = scheduleId });
        await Assertions.Expect(row).ToContainTextAsync("Active");
        await Assertions.Expect(row).ToContainTextAsync("every day at 02:00 Europe/Berlin");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, "schedules.png"), FullPage = true });

        await row.GetByRole(AriaRole.Link, new() { Name = scheduleId, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Schedule {scheduleId}", Level = 1 })).ToBeVisibleAsync();
        Assert.EndsWith($"/schedules/default/{scheduleId}", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByLabel("Spec")).ToHaveTextAsync("every day at 02:00 Europe/Berlin");
        await Assertions.Expect(page.GetByLabel("Upcoming actions")).ToContainTextAsync(":00:00");

        await page.GetByRole(AriaRole.Button, new() { Name = "Pause…" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Pause schedule" });
        await dialog.Locator("#action-reason").FillAsync(reason);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByLabel("Action result")).ToContainTextAsync($"Paused: {reason}");
        await Assertions.Expect(page.GetByLabel("Summary")).ToContainTextAsync("Paused");
        await Assertions.Expect(page.GetByLabel("Note")).ToHaveTextAsync(reason);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Unpause…" })).ToBeEnabledAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, "schedule-paused.png"), FullPage = true });

        // The engine's own record agrees with what the page says.
        var described = await handle.DescribeAsync();
        Assert.True(described.Schedule.State.Paused);
        Assert.Equal(reason, described.Schedule.State.Note);
        Assert.True(errors.Count == 0, "Browser errors:\n" + string.Join("\n", errors));
        await page.Context.CloseAsync();
    }
}
