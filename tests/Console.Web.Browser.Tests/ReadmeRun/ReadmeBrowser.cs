using Microsoft.Playwright;

namespace Fencepost.ConsoleWeb.Browser.Tests.ReadmeRun;

/// <summary>Signs in to the product a <see cref="ReadmeProcess"/> runs, and collects what the browser reports as broken.</summary>
public static class ReadmeBrowser
{
    public static async Task<(IPage Page, List<string> Errors)> SignInAsync(IBrowser browser, ReadmeProcess product)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = ReadmeProcess.ConsoleAddress.ToString(),
            ViewportSize = new() { Width = 1440, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                errors.Add($"{response.Status} {response.Url}");
            }
        };
        var (user, password) = product.GeneratedAdmin;
        await page.GotoAsync("/signin");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        return (page, errors);
    }
}
