using Fencepost.ConsoleWeb.Live;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>Reads pool gauges from the store.</summary>
internal sealed class StoreConnectionPoolSource(IPersistenceStore store, IDynamicConfig config, TimeProvider timeProvider,
    ILogger<StoreConnectionPoolSource> logger, IConsoleOverheadMeter overhead) : PolledLiveSource<IReadOnlyList<ConnectionPoolSnapshot>>(config, timeProvider, logger, overhead), IConnectionPoolSource
{
    protected override string Name => "connection pools";

    protected override Task<IReadOnlyList<ConnectionPoolSnapshot>> ReadAsync(CancellationToken cancellationToken) =>
        Task.FromResult(store.GetPoolSnapshots());
}
