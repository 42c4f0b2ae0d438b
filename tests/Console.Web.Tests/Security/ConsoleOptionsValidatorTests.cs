using Fencepost.ConsoleWeb.Configuration;

namespace Fencepost.ConsoleWeb.Tests.Security;

public sealed class ConsoleOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds() =>
        Assert.True(new ConsoleOptionsValidator().Validate(null, new ConsoleOptions()).Succeeded);

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOne()
    {
        var options = new ConsoleOptions
        {
            Port = 70000,
            Address = "not-an-ip",
            MaxFailedSignIns = 0,
            AdminPassword = "short",
            Peers = ["ftp://x"],
            Users =
            [
                new ConsoleUserOptions { Name = "a", Role = "root", PasswordHash = "h" },
                new ConsoleUserOptions { Name = "A", Role = "viewer", PasswordHash = "" },
            ],
        };

        var result = new ConsoleOptionsValidator().Validate(null, options);

        Assert.Equal(8, result.Failures!.Count());
    }
}
