namespace Fencepost.Engine.Persistence.Model;

/// <summary>The shard's transactional-outbox queues.</summary>
public enum ShardTaskCategory
{
    /// <summary>Immediate work: dispatch to matching, start children, signal/cancel externals, close side effects.</summary>
    Transfer = 1,
    /// <summary>Work due at a time: user timers, every timeout, retry backoffs.</summary>
    Timer = 2,
    /// <summary>Visibility index updates.</summary>
    Visibility = 3,
}
