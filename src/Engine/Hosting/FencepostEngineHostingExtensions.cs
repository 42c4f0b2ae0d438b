using System.Net;
using Fencepost.Diagnostics.Conflicts;
using Fencepost.Diagnostics.Persistence;
using Fencepost.Engine.Cluster;
using Fencepost.Engine.Cluster.Routing;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Frontend;
using Fencepost.Engine.History;
using Fencepost.Engine.History.CrossShard;
using Fencepost.Engine.History.Diagnosis;
using Fencepost.Engine.Hosting.Health;
using Fencepost.Engine.Introspection;
using Fencepost.Engine.Matching;
using Fencepost.Engine.Metrics;
using Fencepost.Engine.Namespaces;
using Fencepost.Engine.Persistence.Embedded;
using Fencepost.Engine.Persistence.Postgres;
using Fencepost.Engine.Queues;
using Fencepost.Engine.Security;
using Fencepost.Engine.Security.Tls;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Hosting;

/// <summary>How a host (the console, tests) adds the engine: <c>builder.AddFencepostEngine()</c>, then <c>app.MapFencepostEngine()</c>.</summary>
public static class FencepostEngineHostingExtensions
{
    /// <summary>
    /// The largest request accepted: 12 MiB. No valid request is larger, because what a request
    /// carries is written in one store transaction, which holds at most 10 MiB (DSQL's limit, enforced
    /// on both stores; each payload in it at most 1 MB, docs/limits.md); the other 2 MiB cover what a
    /// request carries without storing it (framing, ids, query results, metadata). gRPC reads a
    /// message's length from its 5-byte prefix and answers RESOURCE_EXHAUSTED before reading the body,
    /// so a larger request costs the server nothing to refuse.
    /// </summary>
    public const int MaxReceiveMessageSize = 12 * 1024 * 1024;

    /// <summary>
    /// The largest response sent: 128 MiB. Larger than any request, because a response may carry a
    /// run's history (a workflow task's, which Temporal caps at 50 MiB per run) and the SDK core
    /// accepts messages up to 128 MiB.
    /// </summary>
    public const int MaxSendMessageSize = 128 * 1024 * 1024;

    /// <summary>
    /// Concurrent calls on one client connection: 1,000. An SDK client multiplexes everything over one
    /// HTTP/2 connection: a worker's pollers (5 per kind by default, at most a few hundred when they
    /// scale), its completions, and one long poll per result the client awaits. Each stream may hold
    /// one request of at most <see cref="MaxReceiveMessageSize"/> while it is read, so this bounds what
    /// one connection can make the server buffer; Kestrel's default of 100 would queue completions
    /// behind result polls until those time out.
    /// </summary>
    public const int MaxStreamsPerConnection = 1_000;

    public static WebApplicationBuilder AddFencepostEngine(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(FencepostOptions.SectionName);
        builder.Services.AddOptions<FencepostOptions>().Bind(section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FencepostOptions>, FencepostOptionsValidator>());
        var options = new FencepostOptions();
        section.Bind(options);

        // Before the store: the store's OCC runner hands every attributed conflict to this log,
        // which the console's conflict page reads (TryAdd, so a host may bring its own).
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(sp => new ConflictLog(sp.GetRequiredService<TimeProvider>()));
        builder.Services.TryAddSingleton<IConflictRecorder>(sp => sp.GetRequiredService<ConflictLog>());
        AddStore(builder.Services, options, section);
        builder.Services.AddSingleton(sp => new RequestByteBudget(sp.GetRequiredService<IOptions<FencepostOptions>>().Value.Frontend.MaxBufferedRequestBytes));
        builder.Services.AddFrontendSecurity(builder.Configuration);
        builder.Services.AddFencepostEngineServices();

        var address = options.Frontend.Address == "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.Frontend.Address);
        var listener = new FrontendListener(address, options.Frontend.Port, options.Frontend.Tls);
        builder.Services.AddSingleton(listener);
        builder.Services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, ListenerRoutesStartupFilter>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // One SDK client multiplexes every call over one HTTP/2 connection, including a long
            // poll per awaited result: Kestrel's default of 100 streams would queue completions
            // behind result polls until those time out.
            kestrel.Limits.Http2.MaxStreamsPerConnection = MaxStreamsPerConnection;
            if (listener.Enabled)
            {
                var time = kestrel.ApplicationServices.GetService<TimeProvider>() ?? TimeProvider.System;
                kestrel.Listen(listener.Address, listener.Port, endpoint =>
                {
                    endpoint.Protocols = HttpProtocols.Http2;
                    ListenerTls.Apply(endpoint, listener.Tls, time);
                    ListenerRoutes.Mark(endpoint, listener.ServesPeers ? ListenerKind.Internal : ListenerKind.Frontend);
                });
                if (listener.LocalPort is { } local)
                {
                    kestrel.Listen(IPAddress.Loopback, local, endpoint =>
                    {
                        endpoint.Protocols = HttpProtocols.Http2;
                        ListenerRoutes.Mark(endpoint, ListenerKind.Frontend);
                    });
                }
            }
        });
        return builder;
    }

    /// <summary>The engine's services without hosting concerns (store and listener are the host's choice).</summary>
    public static IServiceCollection AddFencepostEngineServices(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDynamicConfig, InMemoryDynamicConfig>();
        services.TryAddSingleton(_ => DynamicConfigRegistry.ForEngine());
        services.TryAddSingleton<IShardOwnershipPolicy, SingleHostShardOwnershipPolicy>();
        services.AddSingleton<EngineInstruments>();
        services.AddSingleton<NamespaceRegistry>();
        services.AddSingleton<ShardController>();
        services.AddSingleton<IShardOwnershipView>(sp => sp.GetRequiredService<ShardController>());
        services.AddSingleton<TaskTokenKeys>();
        services.AddSingleton<TaskTokenCodec>();
        services.AddHostedService<TaskTokenKeyRefresher>();
        services.AddSingleton<HistoryEngine>();
        services.AddSingleton<MatchingEngine>();
        services.AddSingleton<ITaskQueueView, TaskQueueView>();
        services.AddSingleton<IWorkflowDiagnostics, WorkflowDiagnostician>();
        services.AddSingleton<ShardTaskExecutor>();
        services.AddSingleton<ShardTaskDeadLetters>();
        services.AddSingleton<IDeadLetterView>(sp => sp.GetRequiredService<ShardTaskDeadLetters>());
        services.AddSingleton<IFrontendEndpoint, FrontendEndpoint>();
        // Single host: every call is served here. A cluster node replaces these with its routing.
        services.TryAddSingleton<IWorkflowServiceForwarder, NoForwarding>();
        services.TryAddSingleton<IMatchingDispatcher, LocalMatchingDispatcher>();
        services.TryAddSingleton<ITaskStarter, LocalTaskStarter>();
        services.TryAddSingleton<ICrossShardCalls, LocalCrossShardCalls>();
        services.TryAddSingleton<IQueryDispatcher, LocalQueryDispatcher>();

        // Order matters: the bootstrapper acquires shards before the controller's loop and the server start.
        services.AddHostedService<EngineBootstrapper>();
        services.AddHostedService(sp => sp.GetRequiredService<ShardController>());
        services.AddHostedService<MatchingMaintenanceService>();

        services.AddSingleton<IWorkflowServiceHandlerSource, SystemHandlers>();
        services.AddSingleton<IWorkflowServiceHandlerSource, WorkflowHandlers>();
        services.AddSingleton<IWorkflowServiceHandlerSource, ResetHandlers>();
        services.AddSingleton<IWorkflowServiceHandlerSource, WorkflowReadHandlers>();
        services.AddSingleton<IWorkflowServiceHandlerSource, HistoryReverseHandlers>();
        services.AddSingleton<IWorkflowServiceHandlerSource, UpdateHandlers>();
        services.AddSingleton<IWorkflowServiceHandlerSource, MultiOperationHandlers>();
        services.AddSingleton<WorkerPollShutdowns>();
        services.AddSingleton<IWorkflowServiceHandlerSource, TaskHandlers>();
        services.AddSingleton<IWorkflowServiceHandlerSource, VisibilityHandlers>();
        services.AddSingleton<SearchAttributeHandlers>();
        services.AddSingleton<IWorkflowServiceHandlerSource>(sp => sp.GetRequiredService<SearchAttributeHandlers>());
        services.AddSingleton<OperatorServiceHandlers>();
        services.AddSingleton<OperatorServiceEndpoint>();
        services.AddSingleton<IServiceMethodProvider<OperatorServiceEndpoint>, OperatorServiceMethodProvider>();
        services.AddSingleton<IWorkflowServiceHandlerSource, ScheduleHandlers>();
        services.AddSingleton<WorkflowServiceHandlers>();
        services.AddSingleton<WorkflowServiceEndpoint>();
        services.AddSingleton<IServiceMethodProvider<WorkflowServiceEndpoint>, WorkflowServiceMethodProvider>();
        services.AddFrontendSecurity(configuration: null);
        services.AddFrontendReflection();
        services.AddFencepostHealthChecks();
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = MaxReceiveMessageSize;
            grpc.MaxSendMessageSize = MaxSendMessageSize;
            grpc.EnableDetailedErrors = false;
            // First, so no call reaches a handler, the forwarder or reflection without its caller checked.
            grpc.Interceptors.Add<FrontendAuthorizationInterceptor>();
        });
        return services;
    }

    public static WebApplication MapFencepostEngine(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseGrpcRequestBodyLimit();
        app.UseGrpcRequestByteBudget();
        app.MapGrpcService<WorkflowServiceEndpoint>();
        app.MapGrpcService<OperatorServiceEndpoint>();
        app.MapFrontendReflection();
        app.MapFencepostHealth();
        // A cluster node's internal calls and introspection (nothing on a single host).
        app.MapFencepostCluster();
        return app;
    }

    private static void AddStore(IServiceCollection services, FencepostOptions options, IConfigurationSection section)
    {
        switch (options.Store.Kind)
        {
            case "embedded":
                services.AddEmbeddedPersistenceStore(section.GetSection("Store:Embedded"));
                break;
            case "postgres":
                services.AddPostgresPersistenceStore(section.GetSection("Store"));
                break;
            default:
                // The options validator reports an unknown kind at start.
                break;
        }
    }
}
