namespace Fencepost.Engine.Persistence.Model;

/// <summary>Facts fixed when the cluster is created; <see cref="HistoryShardCount"/> can never change afterwards.</summary>
public sealed record ClusterMetadata(string ClusterName, int HistoryShardCount, DateTimeOffset CreatedAt, byte[] Data);
