using Fencepost.ConsoleWeb.Live;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>Reads shard rows from the store's shard manager.</summary>
internal sealed class StoreShardSource(IPersistenceStore store, IDynamicConfig config, TimeProvider timeProvider,
    ILogger<StoreShardSource> logger, IConsoleOverheadMeter overhead) : PolledLiveSource<IReadOnlyList<ShardInfo>>(config, timeProvider, logger, overhead), IShardSource
{
    protected override string Name => "shards";

    protected override Task<IReadOnlyList<ShardInfo>> ReadAsync(CancellationToken cancellationToken) =>
        store.Shards.ListShardsAsync(cancellationToken);
}
