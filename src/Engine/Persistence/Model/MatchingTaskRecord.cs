namespace Fencepost.Engine.Persistence.Model;

/// <summary>A backlogged task of a task queue partition; <see cref="Data"/> is opaque here.</summary>
public sealed record MatchingTaskRecord(long TaskId, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, byte[] Data);
