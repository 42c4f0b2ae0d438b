using Fencepost.Engine.Persistence.Postgres;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Tests.Persistence.Postgres;

public sealed class PostgresStoreOptionsValidatorTests
{
    [Fact]
    public void Errors_ValidDefaults_None()
    {
        Assert.Empty(PostgresStoreOptionsValidator.Errors(new PostgresStoreOptions { ConnectionString = "Host=localhost;Username=u" }));
    }

    [Fact]
    public void Errors_ManyProblems_ReportsEveryOneAtOnce()
    {
        var options = new PostgresStoreOptions
        {
            ConnectionString = "",
            MaxPoolSize = 0,
            ConnectionLifetime = TimeSpan.FromMinutes(61),
            WarmupConnectionsPerSecond = 0,
            SnowflakeNode = 2000,
            UseIamAuth = true,
        };

        var errors = PostgresStoreOptionsValidator.Errors(options);

        string[] fields = ["ConnectionString", "MaxPoolSize", "ConnectionLifetime", "WarmupConnectionsPerSecond", "SnowflakeNode", "Region", "ClusterEndpoint", "Target"];
        Assert.Equal(fields.Length, errors.Count);
        Assert.All(fields, field => Assert.Contains(errors, e => e.StartsWith(field, StringComparison.Ordinal) || e.Contains(field, StringComparison.Ordinal)));
    }

    [Fact]
    public void AddPostgresPersistenceStore_InvalidSection_FailsValidationWithEveryError()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MaxPoolSize"] = "0",
            ["WarmupConnectionsPerSecond"] = "0",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddPostgresPersistenceStore(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PostgresStoreOptions>>().Value);

        Assert.Equal(3, error.Failures.Count());
        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IPersistenceStore>());
    }
}
