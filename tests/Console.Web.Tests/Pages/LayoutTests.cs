using Bunit;
using Fencepost.ConsoleWeb.Components.Layout;
using Fencepost.ConsoleWeb.Data;
using Fencepost.ConsoleWeb.Security;
using Fencepost.Engine.Configuration.Dynamic;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fencepost.ConsoleWeb.Tests.Pages;

public sealed class LayoutTests : ConsoleTestContext
{
    [Fact]
    public void NavMenu_ViewerWithStore_StorePagesButNoUsers()
    {
        SignIn("vera", ConsoleRole.Viewer);

        var links = Render<NavMenu>().FindAll("a").Select(a => a.GetAttribute("href")).ToList();

        Assert.Equal(["/", "/conflicts", "/latency", "/workflows", "/namespaces", "/schedules", "/task-queues", "/config", "/shards", "/pools"], links);
    }

    [Fact]
    public void NavMenu_AdminWithoutStore_OnlyUsers()
    {
        SignIn("root", ConsoleRole.Admin);
        StoreInfo.Current = null;

        var links = Render<NavMenu>().FindAll("a").Select(a => a.GetAttribute("href")).ToList();

        Assert.Equal(["/users"], links);
    }

    [Theory]
    [InlineData("embedded", true, "lost when this process exits")]
    [InlineData("postgres", false, "Store: postgres")]
    public void StoreBanner_StoreKind_SaysWhichAndWhetherDataIsLost(string kind, bool losesData, string expected)
    {
        StoreInfo.Current = new StoreDescription(kind, losesData);

        var banner = Render<StoreBanner>();

        Assert.Contains(expected, banner.Find("[role=status]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadOnlyControl_Admin_SwitchTurnsReadOnlyOn()
    {
        SignIn("root", ConsoleRole.Admin);
        Render<MudBlazor.MudPopoverProvider>();
        var control = Render<ReadOnlyControl>();

        control.Find("input[type=checkbox]").Change(true);

        control.WaitForAssertion(() => Assert.True(ReadOnly.IsEnabled));
    }

    [Fact]
    public async Task ReadOnlyControl_AdminSwitchesOn_StoredSoANodeStartedLaterIsReadOnly()
    {
        SignIn("root", ConsoleRole.Admin);
        Render<MudBlazor.MudPopoverProvider>();
        var control = Render<ReadOnlyControl>();
        control.Find("input[type=checkbox]").Change(true);
        control.WaitForAssertion(() => Assert.Contains(Config.Entries, e => e.Key == "console.readOnly" && e.ValueJson == "true"));

        // This node after a restart, or any other node: it reads the switch from the store.
        var restarted = new PersistedDynamicConfig(ConfigStore, Registry, Time, NullLogger<PersistedDynamicConfig>.Instance);
        var mode = new ReadOnlyMode(Microsoft.Extensions.Options.Options.Create(Options));
        var follower = new ReadOnlyFollower(mode, restarted, Microsoft.Extensions.Options.Options.Create(Options));
        await follower.StartAsync(CancellationToken.None);
        Assert.False(mode.IsEnabled);
        await restarted.RefreshAsync();

        Assert.True(mode.IsEnabled);
    }

    [Fact]
    public void ReadOnlyControl_OperatorWhileReadOnly_ShowsChipNoSwitch()
    {
        SignIn("olga", ConsoleRole.Operator);
        ReadOnly.Set(true);

        var control = Render<ReadOnlyControl>();

        Assert.Empty(control.FindAll("input[type=checkbox]"));
        Assert.Contains("Read-only", control.Markup, StringComparison.Ordinal);
    }
}
