using Fencepost.Engine.Cluster.RateLimiting;
using Fencepost.Engine.Persistence.Postgres;
using Fencepost.Engine.Persistence.Postgres.Pooling;
using Fencepost.Engine.Persistence.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Tests.Cluster;

public sealed class ClusterConnectionRateLimitingTests
{
    [Fact]
    public void AddClusterConnectionRateLimiter_NoTableConfigured_StoreKeepsItsLocalLimiter()
    {
        using var services = Build([]);

        Assert.IsType<TokenBucketConnectionOpenRateLimiter>(services.GetRequiredService<IConnectionOpenRateLimiter>());
    }

    [Fact]
    public void AddClusterConnectionRateLimiter_TableConfigured_StoreOpensThroughTheDynamoDbLimiter()
    {
        using var services = Build(new() { ["TableName"] = "fencepost-opens", ["ServiceUrl"] = "http://127.0.0.1:1", ["PermitsPerSecond"] = "7" });

        Assert.IsType<DynamoDbConnectionRateLimiter>(services.GetRequiredService<IConnectionOpenRateLimiter>());
        Assert.Equal(7, services.GetRequiredService<IOptions<DynamoDbRateLimiterOptions>>().Value.PermitsPerSecond);
    }

    [Fact]
    public void AddClusterConnectionRateLimiter_InvalidOptions_ReportsEveryProblem()
    {
        using var services = Build(new() { ["TableName"] = "fencepost-opens", ["PermitsPerSecond"] = "0", ["ServiceUrl"] = "not a url" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DynamoDbRateLimiterOptions>>().Value);

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("PermitsPerSecond", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("ServiceUrl", StringComparison.Ordinal));
    }

    private static ServiceProvider Build(Dictionary<string, string?> limiter)
    {
        var settings = new Dictionary<string, string?> { ["Fencepost:Store:ConnectionString"] = "Host=127.0.0.1;Database=unused" };
        foreach (var (key, value) in limiter)
        {
            settings[$"{ClusterConnectionRateLimiting.SectionName}:{key}"] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddPostgresPersistenceStore(configuration.GetSection("Fencepost:Store"));
        services.AddClusterConnectionRateLimiter(configuration);
        return services.BuildServiceProvider();
    }
}
