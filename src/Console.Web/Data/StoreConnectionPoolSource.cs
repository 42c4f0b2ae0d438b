using Fencepost.ConsoleWeb.Configuration;
using Fencepost.ConsoleWeb.Live;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.Options;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>Reads pool gauges from the store.</summary>
internal sealed class StoreConnectionPoolSource(IPersistenceStore store, IOptionsMonitor<ConsoleOptions> options, TimeProvider timeProvider,
    ILogger<StoreConnectionPoolSource> logger) : PolledLiveSource<IReadOnlyList<ConnectionPoolSnapshot>>(options, timeProvider, logger), IConnectionPoolSource
{
    protected override string Name => "connection pools";

    protected override Task<IReadOnlyList<ConnectionPoolSnapshot>> ReadAsync(CancellationToken cancellationToken) =>
        Task.FromResult(store.GetPoolSnapshots());
}
