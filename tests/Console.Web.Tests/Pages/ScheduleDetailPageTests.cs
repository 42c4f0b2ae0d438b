using AngleSharp.Dom;
using Bunit;
using Fencepost.ConsoleWeb.Components.Pages;
using Fencepost.ConsoleWeb.Data;
using Fencepost.ConsoleWeb.Security;
using Fencepost.ConsoleWeb.Tests.Fakes;

namespace Fencepost.ConsoleWeb.Tests.Pages;

public sealed class ScheduleDetailPageTests : ConsoleTestContext
{
    private const string Id = "nightly-report";

    private IRenderedComponent<ScheduleDetailPage> RenderSchedule() => Render<ScheduleDetailPage>(p => p
        .Add(x => x.Namespace, "default")
        .Add(x => x.ScheduleId, Id));

    private static IElement Button(IRenderedComponent<ScheduleDetailPage> page, string text) =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == text);

    [Fact]
    public void Render_Schedule_SpecInWordsUpcomingRecentAndRunningWithLinks()
    {
        SignIn("vera", ConsoleRole.Viewer);
        Schedules.Add(SampleSchedules.Nightly(Id));

        var page = RenderSchedule();

        Assert.Equal("every day at 02:00 Europe/Berlin", page.Find("[aria-label=Spec]").TextContent);
        var summary = page.Find("[aria-label=Summary]").TextContent;
        Assert.Contains("Active", summary, StringComparison.Ordinal);
        Assert.Contains("ReportWorkflow", summary, StringComparison.Ordinal);
        Assert.Contains("Buffer one", summary, StringComparison.Ordinal);
        Assert.Contains("2 taken", page.Find("[aria-label=Counts]").TextContent, StringComparison.Ordinal);
        var upcoming = page.FindAll("[aria-label='Upcoming actions'] tbody tr");
        Assert.Equal(["2026-11-23 01:00:00", "2026-11-24 01:00:00"], upcoming.Select(r => r.TextContent.Trim()));
        // Newest first, each linked to the workflow it started.
        var recent = page.FindAll("[aria-label='Recent actions'] tbody tr");
        Assert.Equal(2, recent.Count);
        Assert.Contains("Running", recent[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("/workflows/default/report-2026-11-22T01%3A00%3A00Z/run-2", recent[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("Completed", recent[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("/workflows/default/report-2026-11-22T01%3A00%3A00Z/run-2", page.Find("[aria-label='Running workflows'] a").GetAttribute("href"));
        var all = page.FindAll("a").Single(a => a.TextContent == "Every workflow this schedule started");
        Assert.Equal("/workflows?q=" + Uri.EscapeDataString("WorkflowId STARTS_WITH 'report-'"), all.GetAttribute("href"));
    }

    [Fact]
    public void Render_PausedSchedule_ShowsPausedNoteAndUnpauseAndNoUpcoming()
    {
        SignIn("olga", ConsoleRole.Operator);
        Schedules.Add(SampleSchedules.Nightly(Id, paused: true, notes: "quarter-end freeze"));

        var page = RenderSchedule();

        Assert.Contains("Paused", page.Find("[aria-label=Summary]").TextContent, StringComparison.Ordinal);
        Assert.Equal("quarter-end freeze", page.Find("[aria-label=Note]").TextContent);
        Assert.False(Button(page, "Unpause…").HasAttribute("disabled"));
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Trim() == "Pause…");
        Assert.Contains("None while paused.", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UnknownSchedule_SaysItDoesNotExist()
    {
        SignIn("vera", ConsoleRole.Viewer);

        var page = RenderSchedule();

        Assert.Contains("No schedule", page.Find("[role=alert]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Viewer_ActionsDisabledWithReason()
    {
        SignIn("vera", ConsoleRole.Viewer);
        Schedules.Add(SampleSchedules.Nightly(Id));

        var page = RenderSchedule();

        Assert.All(new[] { "Pause…", "Trigger now…", "Backfill…" }, b => Assert.True(Button(page, b).HasAttribute("disabled")));
        Assert.Contains("Viewers can read but not change", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OperatorWhileReadOnly_ActionsDisabled()
    {
        SignIn("olga", ConsoleRole.Operator);
        ReadOnly.Set(true);
        Schedules.Add(SampleSchedules.Nightly(Id));

        var page = RenderSchedule();

        Assert.All(new[] { "Pause…", "Trigger now…", "Backfill…" }, b => Assert.True(Button(page, b).HasAttribute("disabled")));
        Assert.Contains("read-only", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ReadOnlySwitchedOnWhileOpen_ClosesDialogAndDisablesActions()
    {
        SignIn("olga", ConsoleRole.Operator);
        Schedules.Add(SampleSchedules.Nightly(Id));
        var page = RenderSchedule();
        Button(page, "Pause…").Click();

        ReadOnly.Set(true);

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[role=dialog]")));
        Assert.True(Button(page, "Pause…").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Pause_WithoutReason_RefusedAndNothingSent()
    {
        SignIn("olga", ConsoleRole.Operator);
        Schedules.Add(SampleSchedules.Nightly(Id));
        var page = RenderSchedule();

        Button(page, "Pause…").Click();
        await Button(page, "Pause").ClickAsync(new());

        Assert.Contains("Say why", page.Find("[role=dialog]").TextContent, StringComparison.Ordinal);
        Assert.Empty(Schedules.Sent);
    }

    [Fact]
    public async Task Pause_WithReason_SentAsUserAndResultShown()
    {
        SignIn("olga", ConsoleRole.Operator);
        Schedules.Add(SampleSchedules.Nightly(Id));
        var page = RenderSchedule();

        Button(page, "Pause…").Click();
        page.Find("#action-reason").Input("upstream outage");
        await Button(page, "Pause").ClickAsync(new());

        var sent = Assert.Single(Schedules.Sent);
        Assert.Equal(("pause", "olga", new ScheduleRef("default", Id), "upstream outage"), (sent.Action, sent.User, sent.Schedule, sent.Reason));
        Assert.Contains("Paused: upstream outage", page.Find("[aria-label='Action result']").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[role=dialog]"));
    }

    [Fact]
    public async Task Trigger_WithReason_SentAsTrigger()
    {
        SignIn("olga", ConsoleRole.Operator);
        Schedules.Add(SampleSchedules.Nightly(Id));
        var page = RenderSchedule();

        Button(page, "Trigger now…").Click();
        page.Find("#action-reason").Input("rerun after the fix");
        await Button(page, "Trigger").ClickAsync(new());

        var sent = Assert.Single(Schedules.Sent);
        Assert.Equal(("trigger", "rerun after the fix"), (sent.Action, sent.Reason));
    }

    [Fact]
    public async Task Backfill_RangeAndReason_SentAsUtcRange()
    {
        SignIn("olga", ConsoleRole.Operator);
        Schedules.Add(SampleSchedules.Nightly(Id));
        var page = RenderSchedule();

        Button(page, "Backfill…").Click();
        // The range starts as the hour before the clock's now (16:00 UTC).
        Assert.Equal("2026-11-22 15:00", page.Find("#backfill-start").GetAttribute("value"));
        page.Find("#backfill-start").Input("2026-11-20 00:00");
        page.Find("#backfill-end").Input("2026-11-22 00:00");
        page.Find("#action-reason").Input("missed during the outage");
        await Button(page, "Backfill").ClickAsync(new());

        var sent = Assert.Single(Schedules.Sent);
        Assert.Equal(("backfill", new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero)),
            (sent.Action, sent.Start, sent.End));
    }

    [Fact]
    public async Task Backfill_EndBeforeStart_RefusedAndNothingSent()
    {
        SignIn("olga", ConsoleRole.Operator);
        Schedules.Add(SampleSchedules.Nightly(Id));
        var page = RenderSchedule();

        Button(page, "Backfill…").Click();
        page.Find("#backfill-start").Input("2026-11-22 00:00");
        page.Find("#backfill-end").Input("2026-11-20 00:00");
        page.Find("#action-reason").Input("wrong way round");
        await Button(page, "Backfill").ClickAsync(new());

        Assert.Contains("ends before it starts", page.Find("[role=dialog]").TextContent, StringComparison.Ordinal);
        Assert.Empty(Schedules.Sent);
    }

    [Fact]
    public async Task Pause_ServerRefuses_ShowsServerMessage()
    {
        SignIn("olga", ConsoleRole.Operator);
        Schedules.Add(SampleSchedules.Nightly(Id));
        Schedules.Refusal = new WorkflowActionException("The server refused: schedule not found (NotFound)");
        var page = RenderSchedule();

        Button(page, "Pause…").Click();
        page.Find("#action-reason").Input("upstream outage");
        await Button(page, "Pause").ClickAsync(new());

        Assert.Contains("schedule not found", page.Find("[role=dialog] [role=alert]").TextContent, StringComparison.Ordinal);
    }
}
