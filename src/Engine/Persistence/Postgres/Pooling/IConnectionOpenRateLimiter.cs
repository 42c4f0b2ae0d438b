namespace Fencepost.Engine.Persistence.Postgres.Pooling;

/// <summary>
/// Paces new connections to an endpoint. DSQL accepts 100 new connections per second per cluster
/// (burst 1,000) and answers 53400 beyond that, so a fleet restarting at once must share one budget:
/// the local token bucket paces one process; a cluster-wide implementation (DynamoDB counters, per
/// endpoint per second) plugs in here later.
/// </summary>
public interface IConnectionOpenRateLimiter
{
    /// <summary>Waits until one connection to <paramref name="endpoint"/> may be opened; true when the caller had to wait.</summary>
    ValueTask<bool> WaitToOpenAsync(string endpoint, CancellationToken cancellationToken);
}
