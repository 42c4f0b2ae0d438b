using Fencepost.ConsoleWeb.Configuration;
using Fencepost.ConsoleWeb.Security;
using System.Diagnostics.Metrics;
using Fencepost.Diagnostics.Persistence;
using Fencepost.Engine.Persistence.Embedded;
using Fencepost.Engine.Persistence.Occ;
using Microsoft.Extensions.DependencyInjection;
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
    public async Task Constructor_NoAdminConfigured_GeneratesAdminPasswordAndLogsItOnce()
    {
        var logger = new CapturingLogger<ConsoleUserDirectory>();

        var directory = new ConsoleUserDirectory(Options.Create(new ConsoleOptions()), logger);
        await directory.SettleFirstRunAdminAsync(null, TimeProvider.System, CancellationToken.None);

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
    public async Task SettleFirstRunAdmin_SecondStartOnTheSameStore_KeepsTheFirstPasswordAndDoesNotLogIt()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using var store = new EmbeddedPersistenceStore(new DsqlTransactionMetrics(services.GetRequiredService<IMeterFactory>()),
            NullConflictRecorder.Instance, TimeProvider.System, () => new OccRetryOptions(), new EmbeddedStoreOptions());
        var firstLog = new CapturingLogger<ConsoleUserDirectory>();
        var first = new ConsoleUserDirectory(Options.Create(new ConsoleOptions()), firstLog);
        await first.SettleFirstRunAdminAsync(store.Cluster, TimeProvider.System, CancellationToken.None);
        var password = Assert.Single(firstLog.Messages).Split("generated password ")[1].Split(' ')[0];

        // The next start (or another node) generates a password of its own, then finds the stored one.
        var secondLog = new CapturingLogger<ConsoleUserDirectory>();
        var second = new ConsoleUserDirectory(Options.Create(new ConsoleOptions()), secondLog);
        await second.SettleFirstRunAdminAsync(store.Cluster, TimeProvider.System, CancellationToken.None);

        Assert.Equal(ConsoleRole.Admin, second.Verify("admin", password)?.Role);
        var kept = Assert.Single(secondLog.Messages);
        Assert.DoesNotContain("generated password", kept, StringComparison.Ordinal);
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
