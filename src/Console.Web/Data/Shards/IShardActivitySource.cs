using Fencepost.ConsoleWeb.Live;

namespace Fencepost.ConsoleWeb.Data.Shards;

/// <summary>Per-shard write rate, commit latency and ceiling of the shards this node owns, live.</summary>
public interface IShardActivitySource : ILiveSource<ShardActivityReading>;
