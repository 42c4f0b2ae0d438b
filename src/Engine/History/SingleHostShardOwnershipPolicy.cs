namespace Fencepost.Engine.History;

/// <summary>One engine process owns every shard.</summary>
internal sealed class SingleHostShardOwnershipPolicy : IShardOwnershipPolicy
{
    public string HostId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public bool ShouldOwn(int shardId, int shardCount) => true;
}
