using Fencepost.ConsoleWeb.Configuration;
using Fencepost.ConsoleWeb.Live;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.Options;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>Reads shard rows from the store's shard manager.</summary>
internal sealed class StoreShardSource(IPersistenceStore store, IOptionsMonitor<ConsoleOptions> options, TimeProvider timeProvider,
    ILogger<StoreShardSource> logger) : PolledLiveSource<IReadOnlyList<ShardInfo>>(options, timeProvider, logger), IShardSource
{
    protected override string Name => "shards";

    protected override Task<IReadOnlyList<ShardInfo>> ReadAsync(CancellationToken cancellationToken) =>
        store.Shards.ListShardsAsync(cancellationToken);
}
