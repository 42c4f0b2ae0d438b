using Bunit;
using Fencepost.ConsoleWeb.Components.Pages;
using Fencepost.ConsoleWeb.Live;
using Fencepost.ConsoleWeb.Security;
using Fencepost.Engine.Persistence.Model;

namespace Fencepost.ConsoleWeb.Tests.Pages;

public sealed class ShardsPageTests : ConsoleTestContext
{
    public ShardsPageTests() => SignIn("vera", ConsoleRole.Viewer);

    private ShardInfo Shard(int id, string owner, long rangeId, TimeSpan ownedFor, TimeSpan renewedAgo) =>
        new(id, rangeId, owner, Time.GetUtcNow() - ownedFor, Time.GetUtcNow() - renewedAgo, []);

    [Fact]
    public async Task Render_FourShardsTwoOwners_OneCellPerShardWithOwnerRangeAndAges()
    {
        var page = Render<ShardsPage>();

        await page.InvokeAsync(() => Shards.PublishAsync(new LiveSnapshot<IReadOnlyList<ShardInfo>>(
        [
            Shard(0, "host-a", 7, TimeSpan.FromMinutes(12), TimeSpan.FromSeconds(3)),
            Shard(1, "host-b", 3, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(4)),
            Shard(2, "host-a", 9, TimeSpan.FromMinutes(12), TimeSpan.FromSeconds(1)),
            Shard(3, "", 0, TimeSpan.Zero, TimeSpan.Zero),
        ], Time.GetUtcNow(), null)));

        var cells = page.FindAll("[role=listitem]");
        Assert.Equal(4, cells.Count);
        Assert.Contains("range_id 7", cells[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("owner since 12 min", cells[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("renewed 3 s ago", cells[0].TextContent, StringComparison.Ordinal);
        Assert.Equal(cells[0].GetAttribute("style"), cells[2].GetAttribute("style"));
        Assert.NotEqual(cells[0].GetAttribute("style"), cells[1].GetAttribute("style"));
        Assert.Contains("unowned", cells[3].ClassName, StringComparison.Ordinal);
        Assert.Contains("host-a: 2 shards", page.Find("[aria-label=Owners]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Updated 16:00:00 UTC", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_ReadFailed_ShowsErrorNotCells()
    {
        var page = Render<ShardsPage>();

        await page.InvokeAsync(() => Shards.PublishAsync(new LiveSnapshot<IReadOnlyList<ShardInfo>>(null, Time.GetUtcNow(), "connection refused")));

        Assert.Contains("Could not read the shards: connection refused", page.Find("[role=alert]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[role=listitem]"));
    }

    [Fact]
    public async Task Render_NoShardRows_SaysSo()
    {
        var page = Render<ShardsPage>();

        await page.InvokeAsync(() => Shards.PublishAsync(new LiveSnapshot<IReadOnlyList<ShardInfo>>([], Time.GetUtcNow(), null)));

        Assert.Contains("No shard rows yet", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_BeforeFirstReading_SaysWaiting()
    {
        var page = Render<ShardsPage>();

        Assert.Contains("Waiting for the first reading", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pause_NewSnapshotArrives_KeepsShowingOldOneUntilResumed()
    {
        var page = Render<ShardsPage>();
        await page.InvokeAsync(() => Shards.PublishAsync(new LiveSnapshot<IReadOnlyList<ShardInfo>>(
            [Shard(0, "host-a", 1, TimeSpan.Zero, TimeSpan.Zero)], Time.GetUtcNow(), null)));

        page.Find("button[aria-label=Pause]").Click();
        await page.InvokeAsync(() => Shards.PublishAsync(new LiveSnapshot<IReadOnlyList<ShardInfo>>(
            [Shard(0, "host-b", 2, TimeSpan.Zero, TimeSpan.Zero)], Time.GetUtcNow(), null)));
        Assert.Contains("range_id 1", page.Find("[role=listitem]").TextContent, StringComparison.Ordinal);

        page.Find("button[aria-label=Resume]").Click();
        Assert.Contains("range_id 2", page.Find("[role=listitem]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_PageRemoved_UnsubscribesFromSource()
    {
        var page = Render<ShardsPage>();
        Assert.Equal(1, Shards.SubscriberCount);

        page.Instance.Dispose();

        Assert.Equal(0, Shards.SubscriberCount);
    }
}
