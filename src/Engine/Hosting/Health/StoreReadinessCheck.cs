using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fencepost.Engine.Hosting.Health;

/// <summary>Ready when the store answers within a few seconds and its schema has every migration this build needs.</summary>
internal sealed class StoreReadinessCheck(IPersistenceStore store) : IHealthCheck
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Patience);
        try
        {
            var readiness = await store.CheckReadinessAsync(bounded.Token).ConfigureAwait(false);
            return readiness.Ready ? HealthCheckResult.Healthy(readiness.Description) : HealthCheckResult.Unhealthy(readiness.Description);
        }
        catch (OperationCanceledException) when (bounded.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The {store.Kind} store did not answer within {Patience.TotalSeconds:0} s.");
        }
    }
}
