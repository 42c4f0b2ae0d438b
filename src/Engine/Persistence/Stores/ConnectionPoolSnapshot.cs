namespace Fencepost.Engine.Persistence.Stores;

/// <summary>A connection pool at one instant, for dsql_pool_* gauges and the console's pool page.</summary>
public sealed record ConnectionPoolSnapshot(
    string Name,
    int MaxOpen,
    int Open,
    int Idle,
    int InUse,
    long WaitCount,
    TimeSpan WaitDuration,
    TimeSpan OldestConnectionAge,
    TimeSpan ConnectionLifetime,
    long ConnectionsOpenedTotal,
    long ConnectionsOpenRejectedByRateLimiterTotal);
