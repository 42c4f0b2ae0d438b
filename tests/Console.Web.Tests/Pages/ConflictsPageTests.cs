using Bunit;
using Fencepost.ConsoleWeb.Components.Pages;
using Fencepost.ConsoleWeb.Data.Charts;
using Fencepost.ConsoleWeb.Live;
using Fencepost.ConsoleWeb.Security;
using Fencepost.ConsoleWeb.Tests.Fakes;
using Fencepost.Diagnostics.Conflicts;
using Fencepost.Diagnostics.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Fencepost.ConsoleWeb.Tests.Pages;

public sealed class ConflictsPageTests : ConsoleTestContext
{
    private readonly FakeTelemetryTicker _ticker = new();
    private readonly ConflictLog _log;

    public ConflictsPageTests()
    {
        SignIn("vera", ConsoleRole.Viewer);
        _log = new ConflictLog(Time);
        Services.AddSingleton<ITelemetryTicker>(_ticker);
        Services.AddSingleton(_log);
    }

    private void Conflict(string table, int? shard, string key, string operation, bool exhausted = false) =>
        _log.Record(new ConflictObservation(Time.GetUtcNow(), "embedded", operation, table, shard, key, 1, exhausted, "OC000"));

    private Task TickAsync(IRenderedComponent<ConflictsPage> page) =>
        page.InvokeAsync(() => _ticker.PublishAsync(new LiveSnapshot<TelemetryTick>(new TelemetryTick([]), Time.GetUtcNow(), null)));

    [Fact]
    public async Task Render_ConflictsOnTwoKeys_HotKeysTableHeatmapAndTableTotals()
    {
        for (var i = 0; i < 5; i++)
        {
            Conflict("shards", 3, "shard:3", "ShardWrite", exhausted: i == 4);
        }
        Conflict("task_queues", null, "taskqueue:q/1/0", "AddTask");
        var page = Render<ConflictsPage>();

        await TickAsync(page);

        var rows = page.FindAll("[aria-label='Hot keys'] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("shard:3", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("5", rows[0].Children[3].TextContent, StringComparison.Ordinal);
        Assert.Equal("1", rows[0].Children[6].TextContent.Trim());
        Assert.Equal(2, page.FindAll("[aria-label='Conflict heatmap'] tbody tr").Count);
        Assert.Contains("shards: 5", page.Find("[aria-label=Tables]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrillDown_OperationsButton_ShowsWhichOperationsLost()
    {
        Conflict("shards", 1, "shard:1", "ShardWrite");
        Conflict("shards", 1, "shard:1", "ShardWrite");
        Conflict("shards", 1, "shard:1", "CompleteShardTask");
        var page = Render<ConflictsPage>();
        await TickAsync(page);

        page.Find("button[aria-label='Operations on shard:1']").Click();

        var drill = page.Find("[aria-label='Operations that lost on shard:1']").TextContent;
        Assert.Contains("ShardWrite", drill, StringComparison.Ordinal);
        Assert.Contains("67 %", drill, StringComparison.Ordinal);
        Assert.Contains("CompleteShardTask", drill, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TableChip_Clicked_OnlyThatTablesKeys()
    {
        Conflict("shards", 1, "shard:1", "ShardWrite");
        Conflict("task_queues", null, "taskqueue:a", "AddTask");
        var page = Render<ConflictsPage>();
        await TickAsync(page);

        page.FindAll("[aria-label=Tables] .mud-chip").Single(c => c.TextContent.Contains("task_queues", StringComparison.Ordinal)).Click();

        var rows = page.FindAll("[aria-label='Hot keys'] tbody tr");
        Assert.Single(rows);
        Assert.Contains("taskqueue:a", rows[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeRange_ConflictsOlderThanOneMinute_GoneFromOneMinuteView()
    {
        Conflict("shards", 1, "shard:1", "ShardWrite");
        Time.Advance(TimeSpan.FromMinutes(3));
        var page = Render<ConflictsPage>();
        await TickAsync(page);
        Assert.Single(page.FindAll("[aria-label='Hot keys'] tbody tr"));

        page.FindAll("[aria-label='Time range'] button").Single(b => b.TextContent.Trim() == "1 min").Click();

        Assert.Contains("No conflicts match in this window.", page.Markup, StringComparison.Ordinal);
        Assert.Contains("No conflicts in this window.", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pause_NewConflictsArrive_NotShownUntilResumed()
    {
        var page = Render<ConflictsPage>();
        await TickAsync(page);
        page.Find("button[aria-label=Pause]").Click();

        Conflict("shards", 1, "shard:1", "ShardWrite");
        await TickAsync(page);
        Assert.Contains("No conflicts match", page.Markup, StringComparison.Ordinal);

        page.Find("button[aria-label=Resume]").Click();
        Assert.Single(page.FindAll("[aria-label='Hot keys'] tbody tr"));
    }

    [Fact]
    public void Dispose_PageRemoved_UnsubscribesFromTheTicker()
    {
        var page = Render<ConflictsPage>();
        Assert.Equal(1, _ticker.SubscriberCount);

        page.Instance.Dispose();

        Assert.Equal(0, _ticker.SubscriberCount);
    }
}
