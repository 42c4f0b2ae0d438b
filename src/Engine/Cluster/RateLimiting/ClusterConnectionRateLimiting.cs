using Amazon.DynamoDBv2;
using Fencepost.Engine.Persistence.Postgres;
using Fencepost.Engine.Persistence.Postgres.Pooling;
using Fencepost.Engine.Persistence.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Cluster.RateLimiting;

/// <summary>
/// Makes every connection the store opens go through the cluster-wide DynamoDB limiter when
/// <c>Fencepost:Store:ConnectionRateLimiter:TableName</c> is set (DSQL accepts 100 new connections
/// per second per cluster, whatever the number of nodes); otherwise the store keeps its local
/// limiter. The local limiter stays the fallback while DynamoDB cannot be reached.
/// </summary>
internal static class ClusterConnectionRateLimiting
{
    public const string SectionName = "Fencepost:Store:ConnectionRateLimiter";

    public static IServiceCollection AddClusterConnectionRateLimiter(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        if (string.IsNullOrWhiteSpace(section[nameof(DynamoDbRateLimiterOptions.TableName)]))
        {
            return services;
        }
        services.AddOptions<DynamoDbRateLimiterOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DynamoDbRateLimiterOptions>, DynamoDbRateLimiterOptionsValidator>());
        // Credentials come from the default AWS chain (environment, profile, instance role).
        services.TryAddSingleton<IAmazonDynamoDB>(sp => DynamoDbRateLimiterTable.CreateClient(sp.GetRequiredService<IOptions<DynamoDbRateLimiterOptions>>().Value));
        // Replaces the store's local limiter, which was registered first; the store is built later, from this one.
        services.Replace(ServiceDescriptor.Singleton<IConnectionOpenRateLimiter>(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var local = new TokenBucketConnectionOpenRateLimiter(sp.GetRequiredService<IOptions<PostgresStoreOptions>>().Value.WarmupConnectionsPerSecond, time);
            return new DynamoDbConnectionRateLimiter(sp.GetRequiredService<IAmazonDynamoDB>(), sp.GetRequiredService<IOptions<DynamoDbRateLimiterOptions>>().Value,
                local, time, sp.GetRequiredService<ILogger<DynamoDbConnectionRateLimiter>>());
        }));
        return services;
    }
}
