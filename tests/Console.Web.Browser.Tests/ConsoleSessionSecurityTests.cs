using Fencepost.ConsoleWeb.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Fencepost.ConsoleWeb.Browser.Tests;

/// <summary>
/// What a signed-in cookie is worth once an admin acts, and what a forged cross-site form can do:
/// seen from a browser against the real console.
/// </summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class ConsoleSessionSecurityTests(ConsoleAppFixture app)
{
    private const string RuntimePassword = "runtime-user-password";

    [Fact]
    public async Task RemovedUser_NextRequest_SentBackToSignIn()
    {
        var users = app.Services.GetRequiredService<ConsoleUserDirectory>();
        var name = "temp-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Null(users.Add(name, ConsoleRole.Viewer, RuntimePassword));
        var (page, _) = await app.SignInAsync(name, RuntimePassword);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();

        Assert.Null(users.Remove(name));
        await page.GotoAsync("/workflows");

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PasswordChanged_OldCookie_Refused()
    {
        var users = app.Services.GetRequiredService<ConsoleUserDirectory>();
        var name = "temp-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Null(users.Add(name, ConsoleRole.Viewer, RuntimePassword));
        var (page, _) = await app.SignInAsync(name, RuntimePassword);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();

        // Removed and added again with the same password: a fresh salt, so a fresh stamp.
        Assert.Null(users.Remove(name));
        Assert.Null(users.Add(name, ConsoleRole.Viewer, RuntimePassword));
        await page.GotoAsync("/workflows");

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignOut_PostWithoutAntiforgeryToken_RefusedAndStillSignedIn()
    {
        var (page, _) = await app.SignInAsync("vera", ConsoleAppFixture.ViewerPassword);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();

        // What a cross-site form would send: the victim's cookies, but no antiforgery token.
        var forged = await page.Context.APIRequest.PostAsync("/account/signout", new() { MaxRedirects = 0 });

        Assert.Equal(400, forged.Status);
        await page.GotoAsync("/workflows");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Workflows" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
