using System.Net;
using Fencepost.ConsoleWeb.Benchmarks;
using Fencepost.ConsoleWeb.Components;
using Fencepost.ConsoleWeb.Configuration;
using Fencepost.ConsoleWeb.Data;
using Fencepost.ConsoleWeb.Security;
using Fencepost.Engine.Cluster;
using Fencepost.Engine.Cluster.Node;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Introspection;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace Fencepost.ConsoleWeb.Hosting;

/// <summary>Registers and maps the console: its listener, sign-in, pages, data sources and the persisted dynamic config.</summary>
public static class ConsoleHostingExtensions
{
    public static WebApplicationBuilder AddConsole(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConsoleOptions>()
            .Bind(builder.Configuration.GetSection(ConsoleOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ConsoleOptions>, ConsoleOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.AddConsoleListener();
        // The data-protection keys live in the store (StoreKeyRepository), protected as the store is,
        // like the task-token keys; the key manager would warn at every new key that no XML encryptor is set.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        // Blazor's and MudBlazor's files live in the build output until the app is published. ASP.NET
        // only reads the build's asset manifest in Development, and `dotnet run` without a launch profile
        // runs in Production, so without this every script answered 500 there. A published app has no
        // such manifest, which makes this a no-op for it.
        builder.WebHost.UseStaticWebAssets();
        // The node secret and the console's own frontend credential (idempotent when the engine registered them first).
        builder.Services.AddFrontendSecurity(builder.Configuration);
        builder.Services.AddConsoleSecurity();
        builder.Services.AddConsoleData(builder.Configuration);

        builder.Services.AddSingleton<ConsoleShutdownGate>();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddSignalR();
        return builder;
    }

    public static WebApplication MapConsole(this WebApplication app)
    {
        if (!ClusterHostingExtensions.Serves(app.Configuration, NodeRoles.Console))
        {
            // A cluster node without the console role opens no console listener, and must not serve
            // the pages, sign-in or hub on its other listeners either (the peers' internal port).
            return app;
        }
        var shutdownGate = app.Services.GetRequiredService<ConsoleShutdownGate>();
        app.Use(shutdownGate.InvokeAsync);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapAccountEndpoints();
        app.MapHub<DynamicConfigHub>(DynamicConfigHub.Path);
        if (app.Services.GetService<IWorkflowDetails>() is not null)
        {
            app.MapWorkflowHistoryDownload();
        }
        if (app.Services.GetService<IWorkflowDiagnostics>() is not null)
        {
            app.MapWorkflowDiagnosis();
        }
        if (app.Services.GetService<IBenchmarks>() is not null)
        {
            app.MapBenchmarkExports();
        }
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    // Explicit Listen calls make Kestrel ignore UseUrls, so each side (engine, console) adds only its own listener.
    // Every node opens this HTTP/1.1 port, console role or not: probes (/healthz, /readyz) and
    // Prometheus (/metrics) speak HTTP/1.1, which the HTTP/2-only frontend and peer ports cannot
    // answer. Without the console role, MapConsole maps no pages, so that is all it serves.
    private static void AddConsoleListener(this WebApplicationBuilder builder) =>
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var options = context.Configuration.GetSection(ConsoleOptions.SectionName).Get<ConsoleOptions>() ?? new ConsoleOptions();
            // Plain HTTP: browsers speak HTTP/2 only over TLS, and Kestrel warns on every start about an
            // HTTP/2 it cannot negotiate here, so this listener offers HTTP/1.1 alone.
            Action<ListenOptions> http = listen => listen.Protocols = HttpProtocols.Http1;
            if (options.Tls.Enabled)
            {
                // Over TLS browsers negotiate HTTP/2 by ALPN, so both are offered.
                var time = kestrel.ApplicationServices.GetService<TimeProvider>() ?? TimeProvider.System;
                http = listen =>
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    Fencepost.Engine.Security.Tls.ListenerTls.Apply(listen, options.Tls, time);
                };
            }
            if (options.Address == "localhost" && options.Port == 0)
            {
                // Kestrel cannot pick one free port for both of localhost's addresses: take IPv4's.
                kestrel.Listen(IPAddress.Loopback, 0, http);
            }
            else if (options.Address == "localhost")
            {
                kestrel.ListenLocalhost(options.Port, http);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(options.Address), options.Port, http);
            }
        });

    private static void AddConsoleSecurity(this IServiceCollection services)
    {
        // Cookie and antiforgery keys in the store when there is one (the engine's), shared by every console node.
        services.AddDataProtection().SetApplicationName("Fencepost.Console");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(keys =>
        {
            if (sp.GetService<IPersistenceStore>() is { } store)
            {
                keys.XmlRepository = new StoreKeyRepository(store.Cluster, sp.GetRequiredService<TimeProvider>());
            }
        }));
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, NodeAuthenticationHandler>(NodeAuthenticationHandler.SchemeName, _ => { })
            .AddCookie(cookie =>
            {
                cookie.LoginPath = "/signin";
                cookie.AccessDeniedPath = "/signin";
                cookie.Cookie.Name = "fencepost.console";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                // Secure whenever the console is served over HTTPS (Fencepost:Console:Tls or a proxy's forwarded scheme).
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.SlidingExpiration = true;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.Events.OnValidatePrincipal = SecurityStampValidator.ValidateAsync;
            });
        services.Configure<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>(antiforgery => antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddSingleton<ConsoleUserDirectory>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<ReadOnlyMode>();
        services.AddSingleton<ReadOnlySwitch>();
        services.AddHostedService<ReadOnlyFollower>();
        // Replaces the engine's open gate: the frontend refuses the console's writes while it is read-only.
        services.Replace(ServiceDescriptor.Singleton<Fencepost.Engine.Security.IConsoleWriteGate, ConsoleWriteGate>());
        services.AddSingleton<ConsolePermissions>();
        // Resolved at start so a generated first-run admin password is logged then, not at the first sign-in.
        services.AddHostedService<ConsoleUserDirectoryAnnouncer>();
    }

    private static void AddConsoleData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IStoreInfo, PersistenceStoreInfo>();
        services.AddConsoleOverheadMeter();
        if (!services.Any(d => d.ServiceType == typeof(IPersistenceStore)))
        {
            // Started without the engine: only the pages that need no store are offered (the nav reads IStoreInfo).
            return;
        }
        services.AddSingleton<IShardSource, StoreShardSource>();
        services.AddSingleton<IConnectionPoolSource, StoreConnectionPoolSource>();
        services.AddSingleton<IWorkflowSearch, StoreWorkflowSearch>();
        if (services.Any(d => d.ServiceType == typeof(Engine.Hosting.IFrontendEndpoint)))
        {
            // Reads and actions go through this process's own Temporal frontend.
            services.AddSingleton<FrontendClient>();
            services.AddSingleton<IWorkflowDetails, FrontendWorkflowDetails>();
            services.AddSingleton<IScheduleSource, FrontendScheduleSource>();
            services.AddConsoleBenchmarks(configuration);
        }
        if (services.Any(d => d.ServiceType == typeof(ITaskQueueView)))
        {
            services.AddSingleton<ITaskQueueSource, EngineTaskQueueSource>();
        }
        // The engine's keys and the console's own, so both appear on the Dynamic config page.
        services.RemoveAll<DynamicConfigRegistry>();
        services.AddSingleton(DynamicConfigRegistry.Discover(typeof(DynamicConfigRegistry).Assembly, typeof(ConsoleHostingExtensions).Assembly));
        services.AddPersistedDynamicConfig(configuration);
        services.AddSingleton<DynamicConfigService>();
        services.AddConsoleLivePages();
        services.AddHostedService<DynamicConfigPeerBroadcaster>();
        services.AddHostedService<DynamicConfigPeerListener>();
    }
}
