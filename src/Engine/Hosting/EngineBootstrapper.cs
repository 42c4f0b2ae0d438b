using Fencepost.Engine.Frontend;
using Fencepost.Engine.History;
using Fencepost.Engine.Namespaces;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Hosting;

/// <summary>
/// Brings the engine up before the frontend serves: initializes the store, fixes the cluster's
/// shard count (the first start's value wins forever), registers the "default" namespace and
/// acquires this host's shards.
/// </summary>
internal sealed partial class EngineBootstrapper(
    IPersistenceStore store,
    NamespaceRegistry namespaces,
    ShardController shards,
    TaskTokenKeys taskTokenKeys,
    IOptions<FencepostOptions> options,
    TimeProvider timeProvider,
    ILogger<EngineBootstrapper> logger) : IHostedService
{
    public const string DefaultNamespace = "default";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var metadata = await store.Cluster.InitializeClusterMetadataAsync(
            new ClusterMetadata(SystemHandlers.ClusterName, options.Value.History.ShardCount, timeProvider.GetUtcNow(), []), cancellationToken).ConfigureAwait(false);
        if (await store.Namespaces.GetNamespaceByNameAsync(DefaultNamespace, cancellationToken).ConfigureAwait(false) is null)
        {
            try
            {
                await namespaces.CreateAsync(SystemHandlers.NewNamespace(DefaultNamespace, Guid.NewGuid(), "The default namespace.", "", null), cancellationToken).ConfigureAwait(false);
            }
            catch (EntityAlreadyExistsException)
            {
                // Another host registered it first.
            }
        }
        // Before any task token is handed out or checked: the first node makes the cluster's first key.
        await taskTokenKeys.RefreshAsync(cancellationToken).ConfigureAwait(false);
        await shards.InitializeAsync(metadata.HistoryShardCount, cancellationToken).ConfigureAwait(false);
        LogStarted(logger, store.Kind, metadata.HistoryShardCount);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Fencepost engine started on the {StoreKind} store with {ShardCount} history shards")]
    private static partial void LogStarted(ILogger logger, string storeKind, int shardCount);
}
