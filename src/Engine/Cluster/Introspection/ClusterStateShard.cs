namespace Fencepost.Engine.Cluster.Introspection;

/// <summary>One shard row in <see cref="ClusterState"/>: its owner and fencing range as the store holds them.</summary>
public sealed record ClusterStateShard(int ShardId, string Owner, long RangeId, DateTimeOffset AcquiredAt);
