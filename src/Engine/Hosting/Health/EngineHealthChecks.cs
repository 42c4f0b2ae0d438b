using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;

namespace Fencepost.Engine.Hosting.Health;

/// <summary>
/// The probes platforms ask (ECS, Kubernetes, compose): <c>/healthz</c> answers 200 while the process
/// runs; <c>/readyz</c> answers 200 only when the node has started, is not stopping, its store answers
/// with a current schema and it holds the history shards the ring gives it, 503 otherwise. Both
/// answer with the checks' reasons as JSON and need no sign-in.
/// </summary>
public static class EngineHealthChecks
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";
    private const string ReadyTag = "ready";

    public static IServiceCollection AddFencepostHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<HostLifetimeCheck>("host", tags: [ReadyTag])
            .AddCheck<StoreReadinessCheck>("store", tags: [ReadyTag])
            .AddCheck<HistoryShardsReadinessCheck>("history-shards", tags: [ReadyTag]);
        return services;
    }

    public static WebApplication MapFencepostHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync }).AllowAnonymous();
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthResponse.WriteAsync })
            .AllowAnonymous();
        return app;
    }
}
