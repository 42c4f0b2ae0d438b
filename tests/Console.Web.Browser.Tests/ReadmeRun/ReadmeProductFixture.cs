using Microsoft.Playwright;

namespace Fencepost.ConsoleWeb.Browser.Tests.ReadmeRun;

/// <summary>One product process started as the README says, and a browser, shared by the tests that leave it running.</summary>
public sealed class ReadmeProductFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public ReadmeProcess Product { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ConsoleAppFixture.ScreenshotDirectory);
        Product = await ReadmeProcess.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (Product is not null)
        {
            await Product.DisposeAsync();
        }
    }
}
