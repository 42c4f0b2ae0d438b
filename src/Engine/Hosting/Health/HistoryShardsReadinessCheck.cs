using Fencepost.Engine.History;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fencepost.Engine.Hosting.Health;

/// <summary>
/// Ready when this node holds every history shard the ownership policy (the ring, in a cluster)
/// gives it. A node without the history role is given none, so it passes at once.
/// </summary>
internal sealed class HistoryShardsReadinessCheck(ShardController shards) : IHealthCheck
{
    private const int ListedAtMost = 16;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var missing = shards.ShardsNotYetOwned();
        var result = missing switch
        {
            null => HealthCheckResult.Unhealthy("History shards are not initialized yet."),
            [] => HealthCheckResult.Healthy($"Holds every history shard the ring gives {shards.HostId} ({shards.GetOwnedShards().Count} of {shards.ShardCount})."),
            _ => HealthCheckResult.Unhealthy($"{missing.Count} history shards given to {shards.HostId} are not held yet: "
                + string.Join(", ", missing.Take(ListedAtMost)) + (missing.Count > ListedAtMost ? ", ..." : "") + "."),
        };
        return Task.FromResult(result);
    }
}
