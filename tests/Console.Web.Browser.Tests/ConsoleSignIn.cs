using Microsoft.Playwright;

namespace Fencepost.ConsoleWeb.Browser.Tests;

/// <summary>Signs a fresh browser context (its own cookies) in to a console, collecting everything the browser reports as broken.</summary>
public static class ConsoleSignIn
{
    public static async Task<(IPage Page, List<string> Errors)> SignInAsync(IBrowser browser, Uri console, string user, string password)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = console.ToString(), ViewportSize = new() { Width = 1440, Height = 900 } });
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
        await page.GotoAsync("/signin");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        return (page, errors);
    }
}
