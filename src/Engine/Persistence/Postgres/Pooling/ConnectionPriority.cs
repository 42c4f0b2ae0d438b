namespace Fencepost.Engine.Persistence.Postgres.Pooling;

/// <summary>Who borrows a connection: user traffic, or the cluster's own bookkeeping, which must never wait behind it.</summary>
internal enum ConnectionPriority
{
    /// <summary>Workflow traffic: at most the pool's size minus its reserve at once.</summary>
    Normal,

    /// <summary>
    /// Membership heartbeats and reads, shard acquisition and renewal. They also get the reserve: a
    /// node whose heartbeat waited behind a flood of requests for a connection dropped out of its own
    /// view, let go of every shard and made the flood worse.
    /// </summary>
    Control,
}
