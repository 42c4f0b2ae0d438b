using Fencepost.Diagnostics.Persistence;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Postgres.Pooling;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Persistence.Postgres;

public static class PostgresStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the PostgreSQL / DSQL store as the <see cref="IPersistenceStore"/>, its options bound
    /// from <paramref name="section"/> and validated at start (every error at once), and the local
    /// connection-open rate limiter unless another <see cref="IConnectionOpenRateLimiter"/> is registered.
    /// Conflicts go to the registered <see cref="IConflictRecorder"/>, whenever it was registered, or nowhere.
    /// </summary>
    public static IServiceCollection AddPostgresPersistenceStore(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<PostgresStoreOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStoreOptions>, PostgresStoreOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DsqlTransactionMetrics>();
        services.TryAddSingleton<IConnectionOpenRateLimiter>(sp => new TokenBucketConnectionOpenRateLimiter(
            sp.GetRequiredService<IOptions<PostgresStoreOptions>>().Value.WarmupConnectionsPerSecond, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IPersistenceStore>(sp =>
        {
            var retry = sp.GetService<IOptionsMonitor<OccRetryOptions>>();
            return new PostgresPersistenceStore(
                sp.GetRequiredService<IOptions<PostgresStoreOptions>>(),
                () => retry?.CurrentValue ?? new OccRetryOptions(),
                sp.GetRequiredService<DsqlTransactionMetrics>(),
                // Resolved when the store is built, not pinned at registration: a host that registers its
                // recorder (the engine's ConflictLog) after this call must still receive every conflict.
                sp.GetService<IConflictRecorder>() ?? NullConflictRecorder.Instance,
                sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>(),
                sp.GetRequiredService<IConnectionOpenRateLimiter>());
        });
        return services;
    }
}
