using Fencepost.ConsoleWeb.Live;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Introspection;

namespace Fencepost.ConsoleWeb.Data.Shards;

/// <summary>Reads the engine's owned shards once per refresh interval while the Shards page is open.</summary>
internal sealed class EngineShardActivitySource(IShardOwnershipView view, IConsoleOverheadMeter overhead, IDynamicConfig config, TimeProvider time,
    ILogger<EngineShardActivitySource> logger) : PolledLiveSource<ShardActivityReading>(config, time, logger, overhead), IShardActivitySource
{
    private readonly ShardActivityTracker _tracker = new(time);

    protected override string Name => "shard activity";

    protected override Task<ShardActivityReading> ReadAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_tracker.Read(view.HostId, view.GetOwnedShards()));
}
