using Fencepost.ConsoleWeb.Configuration;
using Fencepost.ConsoleWeb.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fencepost.ConsoleWeb.Tests.Security;

public sealed class ConsoleUserDirectoryTests
{
    private sealed class CapturingLogger<T> : ILogger<T>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }

    [Fact]
    public void Constructor_NoAdminConfigured_GeneratesAdminPasswordAndLogsItOnce()
    {
        var logger = new CapturingLogger<ConsoleUserDirectory>();

        var directory = new ConsoleUserDirectory(Options.Create(new ConsoleOptions()), logger);

        var message = Assert.Single(logger.Messages);
        var password = message.Split("generated password ")[1].Split(' ')[0];
        Assert.Equal(20, password.Length);
        Assert.Equal(ConsoleRole.Admin, directory.Verify("admin", password)?.Role);
    }

    [Fact]
    public void Constructor_AdminPasswordConfigured_AdminSignsInWithIt()
    {
        var directory = new ConsoleUserDirectory(Options.Create(new ConsoleOptions { AdminPassword = "a-long-admin-password" }),
            NullLogger<ConsoleUserDirectory>.Instance);

        Assert.NotNull(directory.Verify("admin", "a-long-admin-password"));
        Assert.Null(directory.Verify("admin", "wrong-password"));
    }

    [Fact]
    public void Verify_ConfiguredUsers_RoleFromConfigurationAndNoFirstRunAdmin()
    {
        var hasher = new ConsoleUserDirectory(Options.Create(new ConsoleOptions { AdminPassword = "unused-password" }), NullLogger<ConsoleUserDirectory>.Instance);
        var options = new ConsoleOptions
        {
            Users =
            [
                new ConsoleUserOptions { Name = "root", Role = "admin", PasswordHash = hasher.Hash("root-password-1") },
                new ConsoleUserOptions { Name = "watcher", Role = "viewer", PasswordHash = hasher.Hash("watch-password") },
            ],
        };

        var directory = new ConsoleUserDirectory(Options.Create(options), NullLogger<ConsoleUserDirectory>.Instance);

        Assert.Equal(ConsoleRole.Viewer, directory.Verify("Watcher", "watch-password")?.Role);
        Assert.Null(directory.Find("admin"));
        Assert.Null(directory.Verify("nobody", "watch-password"));
    }

    [Theory]
    [InlineData("", "long-enough-pass", "1-64 letters")]
    [InlineData("bad name", "long-enough-pass", "1-64 letters")]
    [InlineData("carol", "short", "at least 12")]
    [InlineData("admin", "long-enough-pass", "already exists")]
    public void Add_InvalidUser_Refused(string name, string password, string expected)
    {
        var directory = new ConsoleUserDirectory(Options.Create(new ConsoleOptions { AdminPassword = "a-long-admin-password" }),
            NullLogger<ConsoleUserDirectory>.Instance);

        Assert.Contains(expected, directory.Add(name, ConsoleRole.Viewer, password), StringComparison.Ordinal);
    }

    [Fact]
    public void Remove_ConfiguredUser_RefusedButAddedUserRemoved()
    {
        var directory = new ConsoleUserDirectory(Options.Create(new ConsoleOptions { AdminPassword = "a-long-admin-password" }),
            NullLogger<ConsoleUserDirectory>.Instance);
        Assert.Null(directory.Add("carol", ConsoleRole.Operator, "carols-password"));

        Assert.NotNull(directory.Remove("admin"));
        Assert.Null(directory.Remove("carol"));
        Assert.Null(directory.Verify("carol", "carols-password"));
    }
}
