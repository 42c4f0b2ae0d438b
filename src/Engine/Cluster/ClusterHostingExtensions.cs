using System.Globalization;
using Fencepost.Engine.Cluster.Introspection;
using Fencepost.Engine.Cluster.Namespaces;
using Fencepost.Engine.Cluster.Node;
using Fencepost.Engine.Cluster.RateLimiting;
using Fencepost.Engine.Cluster.Routing;
using Fencepost.Engine.Cluster.Rpc;
using Fencepost.Engine.History.CrossShard;
using Fencepost.Engine.Hosting;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fencepost.Engine.Cluster;

/// <summary>
/// How a host makes its engine a cluster node: <c>builder.AddFencepostCluster()</c> after
/// <c>AddFencepostEngine()</c>. The embedded store lives inside one process, so with it the
/// engine stays a single host (every shard, every queue, no membership). With the PostgreSQL/DSQL
/// store the process joins the cluster with the roles of <c>Fencepost:Node:Roles</c> (default
/// all): it heartbeats, owns the shards the ring gives it, forwards calls it does not own, and
/// opens an internal gRPC listener on <c>Fencepost:Node:RpcAddress</c>'s port for its peers.
/// </summary>
public static class ClusterHostingExtensions
{
    /// <summary>The introspection route on the internal listener: members and shard owners as JSON.</summary>
    public const string ClusterStatePath = "/cluster/state";

    public static WebApplicationBuilder AddFencepostCluster(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!IsClusterNode(builder.Configuration))
        {
            return builder;
        }
        var services = builder.Services;
        // First, so it starts before the membership services: it writes the first beat and takes
        // the shards while the node starts, and the membership loops carry on from there.
        services.AddHostedService<ClusterStartup>();
        services.AddFencepostCluster(builder.Configuration);
        services.AddClusterConnectionRateLimiter(builder.Configuration);
        services.AddHostedService<ShardOwnershipVerifier>();

        services.AddSingleton<PeerChannels>();
        services.AddSingleton<ClusterRoutingTable>();
        services.Replace(ServiceDescriptor.Singleton<IWorkflowServiceForwarder, ClusterForwarder>());
        services.Replace(ServiceDescriptor.Singleton<IMatchingDispatcher, RoutedMatchingDispatcher>());
        services.Replace(ServiceDescriptor.Singleton<ITaskStarter, RoutedTaskStarter>());
        services.Replace(ServiceDescriptor.Singleton<ICrossShardCalls, RoutedCrossShardCalls>());
        services.Replace(ServiceDescriptor.Singleton<IQueryDispatcher, RoutedQueryDispatcher>());
        services.AddSingleton<ClusterRpcEndpoint>();
        services.AddSingleton<IServiceMethodProvider<ClusterRpcEndpoint>, ClusterRpcMethodProvider>();
        services.AddSingleton<ClusterStateReader>();
        services.AddHostedService<NamespaceCacheRefresher>();

        if (services.FirstOrDefault(d => d.ServiceType == typeof(FrontendListener))?.ImplementationInstance is FrontendListener frontend)
        {
            // No case for a node without roles: the options validator refuses it at start.
            frontend.Enabled = ConfiguredRoles(builder.Configuration).HasFlag(NodeRoles.Frontend);
            var rpcPort = RpcPort(builder.Configuration[$"{NodeOptions.SectionName}:RpcAddress"], frontend.Port);
            if (frontend.Enabled && rpcPort == frontend.Port && frontend.Tls.Enabled)
            {
                // Peers speak plaintext HTTP/2 to each other; they cannot share a TLS port with the SDKs.
                throw new Microsoft.Extensions.Options.OptionsValidationException(NodeOptions.SectionName, typeof(NodeOptions),
                    [$"With Fencepost:Frontend:Tls on, {NodeOptions.SectionName}:RpcAddress must name a port other than the frontend's ({frontend.Port})."]);
            }
            if (!frontend.Enabled || rpcPort != frontend.Port)
            {
                builder.WebHost.ConfigureKestrel(kestrel =>
                    // Peers only: same interface as the frontend's, HTTP/2 cleartext like it.
                    kestrel.Listen(frontend.Address, rpcPort, endpoint =>
                    {
                        endpoint.Protocols = HttpProtocols.Http2;
                        ListenerRoutes.Mark(endpoint, ListenerKind.Internal);
                    }));
            }
            else
            {
                frontend.ServesPeers = true;
            }
        }
        return builder;
    }

    /// <summary>Maps the internal calls and the introspection route when this process is a cluster node.</summary>
    public static WebApplication MapFencepostCluster(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<ClusterRpcEndpoint>() is null)
        {
            return app;
        }
        app.MapGrpcService<ClusterRpcEndpoint>();
        app.MapGet(ClusterStatePath, async (ClusterStateReader reader, CancellationToken cancellationToken) =>
            Microsoft.AspNetCore.Http.Results.Json(await reader.ReadAsync(cancellationToken).ConfigureAwait(false), ClusterStateJsonContext.Default.ClusterState))
            .AddEndpointFilter(Security.ClusterStateAccess.FilterAsync);
        return app;
    }

    /// <summary>
    /// Whether this process runs <paramref name="role"/>: always on a single host, else when
    /// <c>Fencepost:Node:Roles</c> names it (hosts ask this before opening a role's listener).
    /// </summary>
    public static bool Serves(IConfiguration configuration, NodeRoles role)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !IsClusterNode(configuration) || ConfiguredRoles(configuration).HasFlag(role);
    }

    private static NodeRoles ConfiguredRoles(IConfiguration configuration) =>
        NodeRoleNames.Parse(configuration[$"{NodeOptions.SectionName}:Roles"] ?? new NodeOptions().Roles).Roles;

    /// <summary>True when the configured store is shared between processes (PostgreSQL or DSQL).</summary>
    public static bool IsClusterNode(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return string.Equals(configuration[$"{FencepostOptions.SectionName}:Store:Kind"], "postgres", StringComparison.Ordinal);
    }

    private static int RpcPort(string? rpcAddress, int frontendPort)
    {
        var address = rpcAddress?.Trim();
        if (string.IsNullOrEmpty(address) || !NodeIdentity.IsHostPort(address))
        {
            return frontendPort;
        }
        return int.Parse(address.AsSpan(address.LastIndexOf(':') + 1), NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
