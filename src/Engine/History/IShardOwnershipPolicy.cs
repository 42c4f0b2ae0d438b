namespace Fencepost.Engine.History;

/// <summary>
/// Decides which history shards this host should own. A later membership ring replaces the
/// single-host policy; the controller re-asks it after losing a shard.
/// </summary>
public interface IShardOwnershipPolicy
{
    /// <summary>This host's name, written as the shard owner.</summary>
    string HostId { get; }

    bool ShouldOwn(int shardId, int shardCount);
}
