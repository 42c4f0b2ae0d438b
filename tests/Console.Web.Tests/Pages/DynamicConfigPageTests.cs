using Microsoft.Extensions.DependencyInjection;
using AngleSharp.Dom;
using Bunit;
using Fencepost.ConsoleWeb.Components.Pages;
using Fencepost.ConsoleWeb.Security;
using Fencepost.ConsoleWeb.Tests.Fakes;
using Fencepost.Engine.Configuration.Dynamic;

namespace Fencepost.ConsoleWeb.Tests.Pages;

public sealed class DynamicConfigPageTests : ConsoleTestContext
{
    private IElement ChangeButton(IRenderedComponent<DynamicConfigPage> page, string key) =>
        page.Find($"button[aria-label='Change {key}']");

    [Fact]
    public void Render_RegisteredKeys_ShowsTypeDefaultAndRestartFlag()
    {
        SignIn("vera", ConsoleRole.Viewer);

        var page = Render<DynamicConfigPage>();

        var rows = page.FindAll("[aria-label='Dynamic config keys'] tbody tr");
        Assert.Equal(4, rows.Count);
        var cache = rows.Single(r => r.TextContent.Contains("history.cacheMaxSize", StringComparison.Ordinal));
        Assert.Contains("needs restart", cache.TextContent, StringComparison.Ordinal);
        Assert.Contains("512", cache.TextContent, StringComparison.Ordinal);
        var poll = rows.Single(r => r.TextContent.Contains("matching.longPollExpirationInterval", StringComparison.Ordinal));
        Assert.Contains("duration", poll.TextContent, StringComparison.Ordinal);
        Assert.Contains("00:01:00", poll.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Viewer_ChangeButtonsDisabledWithReason()
    {
        SignIn("vera", ConsoleRole.Viewer);

        var page = Render<DynamicConfigPage>();

        Assert.True(ChangeButton(page, "frontend.rps").HasAttribute("disabled"));
        Assert.Contains("Viewers can read but not change", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OperatorWhileReadOnly_ChangeButtonsDisabled()
    {
        SignIn("olga", ConsoleRole.Operator);
        ReadOnly.Set(true);

        var page = Render<DynamicConfigPage>();

        Assert.True(ChangeButton(page, "frontend.rps").HasAttribute("disabled"));
        Assert.Contains("read-only", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_OperatorWithReason_ValueReachesDynamicConfigAndAuditLog()
    {
        SignIn("olga", ConsoleRole.Operator);
        var page = Render<DynamicConfigPage>();

        ChangeButton(page, "frontend.rps").Click();
        page.Find("#config-value").Input("1200");
        page.Find("#config-reason").Input("benchmark run 42");
        await page.FindAll("button").Single(b => b.TextContent == "Save").ClickAsync(new());

        Assert.Equal(1200, Config.Get(TestKeys.FrontendRps));
        var audit = Assert.Single(await Config.ListAuditAsync(10));
        Assert.Equal(("olga", "benchmark run 42", "1200"), (audit.ChangedBy, audit.Reason, audit.NewValueJson));
        page.WaitForAssertion(() => Assert.Contains("benchmark run 42", page.Find("[aria-label='Config audit log']").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("#config-value"));
    }

    [Fact]
    public async Task Save_InvalidValue_ShowsKeyMessageAndStoresNothing()
    {
        SignIn("olga", ConsoleRole.Operator);
        var page = Render<DynamicConfigPage>();

        ChangeButton(page, "frontend.rps").Click();
        page.Find("#config-value").Input("-5");
        page.Find("#config-reason").Input("typo");
        await page.FindAll("button").Single(b => b.TextContent == "Save").ClickAsync(new());

        Assert.Contains("frontend.rps must be positive.", page.Markup, StringComparison.Ordinal);
        Assert.Equal(2400, Config.Get(TestKeys.FrontendRps));
        Assert.Empty(await Config.ListAuditAsync(10));
    }

    [Fact]
    public async Task Save_NoReason_AsksForOneAndStoresNothing()
    {
        SignIn("olga", ConsoleRole.Operator);
        var page = Render<DynamicConfigPage>();

        ChangeButton(page, "frontend.rps").Click();
        page.Find("#config-value").Input("100");
        await page.FindAll("button").Single(b => b.TextContent == "Save").ClickAsync(new());

        Assert.Contains("every change needs a reason", page.Markup, StringComparison.Ordinal);
        Assert.Empty(await Config.ListAuditAsync(10));
    }

    [Fact]
    public async Task Save_ChangedByAnotherNodeMeanwhile_RefusedWithExplanation()
    {
        SignIn("olga", ConsoleRole.Operator);
        var page = Render<DynamicConfigPage>();
        ChangeButton(page, "frontend.rps").Click();
        ConfigStore.SetFromElsewhere("frontend.rps", DynamicConfigScopes.Global, "", "999", "node-2");

        page.Find("#config-value").Input("100");
        page.Find("#config-reason").Input("mine");
        await page.FindAll("button").Single(b => b.TextContent == "Save").ClickAsync(new());

        Assert.Contains("Someone changed this value while you were editing", page.Markup, StringComparison.Ordinal);
        Assert.Equal(999, Config.Get(TestKeys.FrontendRps));
    }

    [Fact]
    public async Task Render_ChangeStoredElsewhere_PageShowsItAfterRefresh()
    {
        SignIn("vera", ConsoleRole.Viewer);
        var page = Render<DynamicConfigPage>();

        ConfigStore.SetFromElsewhere("frontend.rps", DynamicConfigScopes.Global, "", "777", "node-2");
        await Config.RefreshAsync();

        page.WaitForAssertion(() => Assert.Contains("777", page.FindAll("[aria-label='Dynamic config keys'] tbody tr")
            .Single(r => r.TextContent.Contains("frontend.rps", StringComparison.Ordinal)).TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Render_QueryInUrl_FiltersKeys()
    {
        SignIn("vera", ConsoleRole.Viewer);
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/config?q=matching");

        var page = Render<DynamicConfigPage>();

        var row = Assert.Single(page.FindAll("[aria-label='Dynamic config keys'] tbody tr"));
        Assert.Contains("matching.longPollExpirationInterval", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoKeysRegistered_SaysSo()
    {
        SignIn("vera", ConsoleRole.Viewer);
        Services.AddSingleton(new DynamicConfigRegistry([]));

        var page = Render<DynamicConfigPage>();

        Assert.Contains("No dynamic config keys are registered", page.Markup, StringComparison.Ordinal);
        Assert.Contains("No config changes recorded yet", page.Markup, StringComparison.Ordinal);
    }
}
