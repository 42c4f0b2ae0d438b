using Microsoft.Playwright;

namespace Fencepost.ConsoleWeb.Browser.Tests.ReadmeRun;

/// <summary>
/// The README's run command, as a new user meets it: every script and stylesheet of the sign-in page
/// loads, and a browser signs in and sees the Overview come alive. Until the product served its static
/// web assets outside Development, this is where the console answered 500 while every in-process
/// console test passed.
/// </summary>
[Collection(ReadmeRunCollection.Name)]
public sealed class ReadmeRunTests(ReadmeProductFixture fixture) : IClassFixture<ReadmeProductFixture>
{
    [Fact]
    public async Task SignInPage_ReadmeRunCommand_EveryReferencedAssetLoads()
    {
        var broken = await SignInPageAssets.FindBrokenAsync(ReadmeProcess.ConsoleAddress);

        Assert.True(broken.Count == 0, "Assets of the sign-in page that did not load:\n" + string.Join("\n", broken) + "\n\nProduct log:\n" + fixture.Product.Log);
    }

    [Fact]
    public async Task Overview_ReadmeRunCommandSignedInAsGeneratedAdmin_RendersLive()
    {
        var (page, errors) = await ReadmeBrowser.SignInAsync(fixture.Browser, fixture.Product);

        // Live parts render only once the circuit is up, which needs blazor.web.js and the WebSocket.
        await Assertions.Expect(page.GetByRole(AriaRole.Status, new() { Name = "Health verdict" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Last updated")).ToContainTextAsync("Updated");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, "readme-run-overview.png"), FullPage = true });

        Assert.True(errors.Count == 0, "Browser errors:\n" + string.Join("\n", errors));
        await page.Context.CloseAsync();
    }
}
