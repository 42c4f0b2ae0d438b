using Bunit;
using Fencepost.ConsoleWeb.Components.Pages;
using Fencepost.ConsoleWeb.Data.Shards;
using Fencepost.ConsoleWeb.Live;
using Fencepost.ConsoleWeb.Security;
using Fencepost.ConsoleWeb.Tests.Fakes;
using Fencepost.Engine.Persistence.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Fencepost.ConsoleWeb.Tests.Pages;

/// <summary>The Shards page where the engine runs in-process: per-shard writes against the ceiling, and ownership changes.</summary>
public sealed class ShardsPageActivityTests : ConsoleTestContext
{
    private readonly FakeShardActivitySource _activity = new();

    public ShardsPageActivityTests()
    {
        SignIn("vera", ConsoleRole.Viewer);
        Services.AddSingleton<IShardActivitySource>(_activity);
    }

    [Fact]
    public async Task Render_ShardActivity_RateLatencyCeilingAndUsePerShard()
    {
        var page = Render<ShardsPage>();
        await page.InvokeAsync(() => Shards.PublishAsync(new LiveSnapshot<IReadOnlyList<ShardInfo>>([], Time.GetUtcNow(), null)));

        await page.InvokeAsync(() => _activity.PublishAsync(new LiveSnapshot<ShardActivityReading>(new ShardActivityReading("host-a", TimeSpan.FromSeconds(10),
        [
            new ShardActivity(0, "host-a", 2, 100, 300, 4),
            new ShardActivity(1, "host-a", 2, null, null, null),
        ]), Time.GetUtcNow(), null)));

        var busy = page.Find("[aria-label='Shard 0 writes']").TextContent;
        Assert.Contains("100/s", busy, StringComparison.Ordinal);
        Assert.Contains("4 ms", busy, StringComparison.Ordinal);
        Assert.Contains("250/s", busy, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[aria-label='40 % of ceiling']"));
        Assert.Contains("measuring", page.Find("[aria-label='Shard 1 writes']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_ShardReacquiredTenMinutesAgo_ListedAsOwnershipChange()
    {
        var page = Render<ShardsPage>();
        var now = Time.GetUtcNow();

        await page.InvokeAsync(() => Shards.PublishAsync(new LiveSnapshot<IReadOnlyList<ShardInfo>>(
        [
            new ShardInfo(0, 1, "host-a", now - TimeSpan.FromMinutes(10), now, []),
            new ShardInfo(1, 4, "host-b", now - TimeSpan.FromMinutes(10), now, []),
            new ShardInfo(2, 9, "host-a", now - TimeSpan.FromHours(2), now, []),
        ], now, null)));

        var rows = page.FindAll("[aria-label='Ownership changes'] tbody tr");
        var row = Assert.Single(rows);
        Assert.Contains("host-b", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_PageRemoved_ActivityPanelUnsubscribes()
    {
        Render<ShardsPage>();
        Assert.Equal(1, _activity.SubscriberCount);

        await DisposeComponentsAsync();

        Assert.Equal(0, _activity.SubscriberCount);
    }
}
