using Fencepost.Engine.Cluster.Membership;
using Fencepost.Engine.Cluster.Node;
using Fencepost.Engine.Cluster.Ring;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.History;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Cluster;

/// <summary>Registers node identity, membership heartbeats, the membership view and the shard ring.</summary>
public static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// Turns a single-process engine into a cluster node: shards follow the ring instead of all
    /// belonging to this process. Call after the engine's registrations: hosted services stop in reverse order, so the
    /// heartbeater stops first and this node leaves the ring before the engine's services stop.
    /// </summary>
    public static IServiceCollection AddFencepostCluster(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<NodeOptions>().Bind(configuration.GetSection(NodeOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NodeOptions>, NodeOptionsValidator>());
        services.TryAddSingleton(sp => NodeIdentity.Resolve(sp.GetRequiredService<IOptions<NodeOptions>>().Value, configuration));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDynamicConfig, InMemoryDynamicConfig>();
        services.TryAddSingleton<IClusterStore>(sp => sp.GetRequiredService<IPersistenceStore>().Cluster);

        services.TryAddSingleton<ClusterMembershipView>();
        services.TryAddSingleton<MembershipHeartbeater>();
        services.TryAddSingleton<RingShardOwnershipPolicy>();
        // Replaces the engine's single-host policy whichever was registered first.
        services.Replace(ServiceDescriptor.Singleton<IShardOwnershipPolicy>(sp => sp.GetRequiredService<RingShardOwnershipPolicy>()));
        services.AddHostedService(sp => sp.GetRequiredService<ClusterMembershipView>());
        services.AddHostedService(sp => sp.GetRequiredService<MembershipHeartbeater>());
        return services;
    }
}
