using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Fencepost.ConsoleWeb.Browser.Tests.ReadmeRun;

/// <summary>
/// The README's run command, as a new user meets it: every script and stylesheet of the sign-in page
/// loads, and a browser signs in and sees the Overview come alive. Until the product served its static
/// web assets outside Development, this is where the console answered 500 while every in-process
/// console test passed.
/// </summary>
[Collection(ReadmeRunCollection.Name)]
public sealed partial class ReadmeRunTests(ReadmeProductFixture fixture) : IClassFixture<ReadmeProductFixture>
{
    [Fact]
    public async Task SignInPage_ReadmeRunCommand_EveryReferencedAssetLoads()
    {
        using var http = new HttpClient { BaseAddress = ReadmeProcess.ConsoleAddress };
        var html = await http.GetStringAsync(new Uri("/signin", UriKind.Relative));

        var assets = AssetReference().Matches(html).Select(m => m.Groups["url"].Value)
            .Where(url => !url.StartsWith("http", StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal))
            .Distinct().ToList();
        Assert.Contains(assets, a => a.Contains("blazor.web", StringComparison.Ordinal) && a.EndsWith(".js", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.Contains("MudBlazor.min", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.Contains("MudBlazor.min", StringComparison.Ordinal) && a.EndsWith(".js", StringComparison.Ordinal));

        var broken = new List<string>();
        foreach (var asset in assets)
        {
            // The page's <base href="/"> makes every relative reference root-relative.
            using var response = await http.GetAsync(new Uri("/" + asset.TrimStart('/'), UriKind.Relative));
            var body = await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode || body.Length == 0)
            {
                broken.Add($"{asset}: {(int)response.StatusCode}, {body.Length} bytes");
            }
        }
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

    [GeneratedRegex(@"<(?:script|link)\b[^>]*?\b(?:src|href)=""(?<url>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex AssetReference();
}
