using Bunit;
using Fencepost.ConsoleWeb.Components.Pages;
using Fencepost.ConsoleWeb.Security;
using Fencepost.ConsoleWeb.Tests.Fakes;
using Temporalio.Api.Enums.V1;

namespace Fencepost.ConsoleWeb.Tests.Pages;

public sealed class SchedulesPageTests : ConsoleTestContext
{
    [Fact]
    public void Render_TwoSchedules_StateSpecNextRunAndLastResultEach()
    {
        SignIn("vera", ConsoleRole.Viewer);
        Schedules.Listed.Add(SampleSchedules.Entry("sync", SampleSchedules.EveryFiveMinutes(), paused: false,
            SampleSchedules.Action("sync-2026-11-22T00:55:00Z", "r1", SampleSchedules.LastNight.AddMinutes(-5), WorkflowExecutionStatus.Completed),
            SampleSchedules.Action("sync-2026-11-22T01:00:00Z", "r2", SampleSchedules.LastNight, WorkflowExecutionStatus.Failed)));
        Schedules.Listed.Add(SampleSchedules.Entry("nightly", SampleSchedules.Nightly(), paused: true));

        var page = Render<SchedulesPage>();

        var rows = page.FindAll("[aria-label=Schedules] tbody tr");
        Assert.Equal(2, rows.Count);
        var sync = rows[0].TextContent;
        Assert.Contains("Active", sync, StringComparison.Ordinal);
        Assert.Contains("every 5 minutes", sync, StringComparison.Ordinal);
        Assert.Contains("2026-11-22 01:05:00", sync, StringComparison.Ordinal);
        Assert.Contains("Failed", sync, StringComparison.Ordinal);
        Assert.Contains("2026-11-22 01:00:00", sync, StringComparison.Ordinal);
        Assert.Equal("/schedules/default/sync", rows[0].QuerySelector("a")!.GetAttribute("href"));
        var nightly = rows[1].TextContent;
        Assert.Contains("Paused", nightly, StringComparison.Ordinal);
        Assert.Contains("every day at 02:00 Europe/Berlin", nightly, StringComparison.Ordinal);
        Assert.Contains("no action yet", nightly, StringComparison.Ordinal);
        Assert.Contains("none", rows[1].Children[4].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoSchedules_SaysHowToCreateOne()
    {
        SignIn("vera", ConsoleRole.Viewer);

        var page = Render<SchedulesPage>();

        Assert.Contains("has no schedules", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[aria-label=Schedules]"));
    }
}
