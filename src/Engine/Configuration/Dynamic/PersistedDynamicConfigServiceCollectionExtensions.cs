using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Configuration.Dynamic;

public static class PersistedDynamicConfigServiceCollectionExtensions
{
    /// <summary>
    /// Makes <see cref="PersistedDynamicConfig"/> (over the registered <see cref="IPersistenceStore"/>)
    /// the process's <see cref="IDynamicConfig"/>, replacing the engine's in-memory default, and
    /// keeps it fresh with <see cref="PersistedDynamicConfigRefresher"/>.
    /// </summary>
    public static IServiceCollection AddPersistedDynamicConfig(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DynamicConfigRefreshOptions>()
            .Bind(configuration.GetSection(DynamicConfigRefreshOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => DynamicConfigRegistry.ForEngine());
        services.TryAddSingleton(sp => new PersistedDynamicConfig(
            sp.GetRequiredService<IPersistenceStore>().DynamicConfig,
            sp.GetRequiredService<DynamicConfigRegistry>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PersistedDynamicConfig>>()));
        services.RemoveAll<IDynamicConfig>();
        services.AddSingleton<IDynamicConfig>(sp => sp.GetRequiredService<PersistedDynamicConfig>());
        services.AddHostedService<PersistedDynamicConfigRefresher>();
        return services;
    }
}
