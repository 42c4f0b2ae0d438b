namespace Fencepost.ConsoleWeb.Data.Shards;

/// <summary>Write activity of every shard this node owns, over <see cref="Window"/> (shorter right after the page opens).</summary>
public sealed record ShardActivityReading(string HostId, TimeSpan Window, IReadOnlyList<ShardActivity> Shards);
