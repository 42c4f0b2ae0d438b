using Bunit;
using Fencepost.ConsoleWeb.Components.Pages;
using Fencepost.ConsoleWeb.Live;
using Fencepost.ConsoleWeb.Security;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.ConsoleWeb.Tests.Pages;

public sealed class ConnectionPoolsPageTests : ConsoleTestContext
{
    public ConnectionPoolsPageTests() => SignIn("vera", ConsoleRole.Viewer);

    [Fact]
    public async Task Render_PoolSnapshot_ShowsUseAgainstLimitAndCounters()
    {
        var page = Render<ConnectionPoolsPage>();

        await page.InvokeAsync(() => Pools.PublishAsync(new LiveSnapshot<IReadOnlyList<ConnectionPoolSnapshot>>(
        [
            new ConnectionPoolSnapshot("history-writer", MaxOpen: 32, Open: 20, Idle: 4, InUse: 16, WaitCount: 12, WaitDuration: TimeSpan.FromSeconds(3),
                OldestConnectionAge: TimeSpan.FromMinutes(40), ConnectionLifetime: TimeSpan.FromMinutes(55), ConnectionsOpenedTotal: 180,
                ConnectionsOpenRejectedByRateLimiterTotal: 2),
        ], Time.GetUtcNow(), null)));

        var pool = page.Find("[aria-label='Pool history-writer']");
        Assert.Contains("In use 16 of 32 allowed (20 open, 4 idle)", pool.TextContent, StringComparison.Ordinal);
        Assert.Contains("40 min of a 55 min lifetime", pool.TextContent, StringComparison.Ordinal);
        Assert.Contains("180", pool.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_StoreWithoutPools_ExplainsWhy()
    {
        var page = Render<ConnectionPoolsPage>();

        await page.InvokeAsync(() => Pools.PublishAsync(new LiveSnapshot<IReadOnlyList<ConnectionPoolSnapshot>>([], Time.GetUtcNow(), null)));

        Assert.Contains("This store has no connection pools", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_ReadFailed_ShowsError()
    {
        var page = Render<ConnectionPoolsPage>();

        await page.InvokeAsync(() => Pools.PublishAsync(new LiveSnapshot<IReadOnlyList<ConnectionPoolSnapshot>>(null, Time.GetUtcNow(), "timeout")));

        Assert.Contains("Could not read the pools: timeout", page.Find("[role=alert]").TextContent, StringComparison.Ordinal);
    }
}
