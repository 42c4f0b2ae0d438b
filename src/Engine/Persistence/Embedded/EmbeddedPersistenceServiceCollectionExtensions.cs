using System.Diagnostics.Metrics;
using Fencepost.Diagnostics.Persistence;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Persistence.Embedded;

public static class EmbeddedPersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="EmbeddedPersistenceStore"/> as the <see cref="IPersistenceStore"/>, with
    /// <see cref="EmbeddedStoreOptions"/> bound from <paramref name="section"/> (validated at start and
    /// read live), and defaults for what it needs that nobody registered yet: TimeProvider.System,
    /// <see cref="DsqlTransactionMetrics"/> and <see cref="OccRetryOptions"/> with their defaults. Conflicts
    /// go to the registered <see cref="IConflictRecorder"/>, or nowhere when none is registered.
    /// </summary>
    public static IServiceCollection AddEmbeddedPersistenceStore(this IServiceCollection services, IConfiguration? section = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<EmbeddedStoreOptions>();
        if (section is not null)
        {
            options.Bind(section);
        }
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmbeddedStoreOptions>, EmbeddedStoreOptionsValidator>());
        services.AddOptions<OccRetryOptions>();

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DsqlTransactionMetrics>();
        services.TryAddSingleton(sp => new EmbeddedPersistenceStore(
            sp.GetRequiredService<DsqlTransactionMetrics>(),
            // Resolved, not registered: a recorder registered after this call (the console's) still wins.
            sp.GetService<IConflictRecorder>() ?? NullConflictRecorder.Instance,
            sp.GetRequiredService<TimeProvider>(),
            () => sp.GetRequiredService<IOptionsMonitor<OccRetryOptions>>().CurrentValue,
            () => sp.GetRequiredService<IOptionsMonitor<EmbeddedStoreOptions>>().CurrentValue));
        services.TryAddSingleton(sp => new EmbeddedStoreMetrics(sp.GetRequiredService<IMeterFactory>(), sp.GetRequiredService<EmbeddedPersistenceStore>().Database));
        services.TryAddSingleton<IPersistenceStore>(sp =>
        {
            // Built with the store so the emulator's counters are published whenever the store exists.
            sp.GetRequiredService<EmbeddedStoreMetrics>();
            return sp.GetRequiredService<EmbeddedPersistenceStore>();
        });
        return services;
    }
}
