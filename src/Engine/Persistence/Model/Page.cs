namespace Fencepost.Engine.Persistence.Model;

/// <summary>One page of results; <see cref="NextPageToken"/> is null on the last page and opaque to callers.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, byte[]? NextPageToken);
