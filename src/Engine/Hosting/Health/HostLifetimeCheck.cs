using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Fencepost.Engine.Hosting.Health;

/// <summary>Ready once every service has started, and no longer once the node begins to stop, so load balancers drain it first.</summary>
internal sealed class HostLifetimeCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime switch
        {
            { ApplicationStopping.IsCancellationRequested: true } => HealthCheckResult.Unhealthy("The node is stopping."),
            { ApplicationStarted.IsCancellationRequested: false } => HealthCheckResult.Unhealthy("The node is starting."),
            _ => HealthCheckResult.Healthy("Started; every role's services are running."),
        });
}
