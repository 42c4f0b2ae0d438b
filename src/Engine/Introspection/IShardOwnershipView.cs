namespace Fencepost.Engine.Introspection;

/// <summary>Which history shards this host owns right now (for the console).</summary>
public interface IShardOwnershipView
{
    string HostId { get; }

    int ShardCount { get; }

    IReadOnlyList<ShardOwnershipSnapshot> GetOwnedShards();
}
