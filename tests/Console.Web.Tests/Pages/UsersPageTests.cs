using Bunit;
using Fencepost.ConsoleWeb.Components.Pages;
using Fencepost.ConsoleWeb.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Fencepost.ConsoleWeb.Tests.Pages;

public sealed class UsersPageTests : ConsoleTestContext
{
    public UsersPageTests() => SignIn("root", ConsoleRole.Admin);

    [Fact]
    public void Render_FirstRunAdmin_ListedFromConfiguration()
    {
        var page = Render<UsersPage>();

        var row = Assert.Single(page.FindAll("[aria-label=Users] tbody tr"));
        Assert.Contains("admin", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("configuration", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AddUser_ValidInput_UserCanSignInAndConfigEntryShown()
    {
        var page = Render<UsersPage>();

        page.Find("#new-user-name").Change("carol");
        page.Find("#new-user-password").Change("carols-long-password");
        page.FindAll("button").Single(b => b.TextContent == "Add user").Click();

        var directory = Services.GetRequiredService<ConsoleUserDirectory>();
        Assert.Equal(ConsoleRole.Viewer, directory.Verify("carol", "carols-long-password")?.Role);
        var row = page.FindAll("[aria-label=Users] tbody tr").Single(r => r.TextContent.Contains("carol", StringComparison.Ordinal));
        Assert.Contains("\"PasswordHash\":\"AQAAAA", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AddUser_ShortPassword_ShowsProblem()
    {
        var page = Render<UsersPage>();

        page.Find("#new-user-name").Change("carol");
        page.Find("#new-user-password").Change("short");
        page.FindAll("button").Single(b => b.TextContent == "Add user").Click();

        Assert.Contains("at least 12 characters", page.Find("[role=alert]").TextContent, StringComparison.Ordinal);
    }
}
