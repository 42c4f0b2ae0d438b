using Microsoft.Playwright;

namespace Fencepost.ConsoleWeb.Browser.Tests.ReadmeRun;

/// <summary>Signs in to the product a <see cref="ReadmeProcess"/> runs as its generated first-run admin, and waits for the Overview.</summary>
public static class ReadmeBrowser
{
    public static async Task<(IPage Page, List<string> Errors)> SignInAsync(IBrowser browser, ReadmeProcess product)
    {
        var (user, password) = product.GeneratedAdmin;
        var (page, errors) = await ConsoleSignIn.SignInAsync(browser, ReadmeProcess.ConsoleAddress, user, password);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        return (page, errors);
    }
}
