using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Namespaces;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Cluster.Namespaces;

/// <summary>
/// Keeps a cluster node's namespace cache in step with the other nodes: every
/// <see cref="ClusterConfigKeys.NamespaceRefreshInterval"/> it re-reads all namespaces from the
/// store (one paged read; namespaces are few) and takes every newer version. A namespace
/// registered or updated on any node is therefore seen everywhere within one interval. A single
/// host needs none of this: its own updates refresh its cache at once.
/// </summary>
internal sealed partial class NamespaceCacheRefresher(
    IPersistenceStore store,
    NamespaceRegistry namespaces,
    IDynamicConfig config,
    TimeProvider timeProvider,
    ILogger<NamespaceCacheRefresher> logger) : BackgroundService
{
    private const int PageSize = 1_000;

    /// <summary>Reads every namespace once and updates the cache; returns how many were read.</summary>
    public async Task<int> RefreshAsync(CancellationToken cancellationToken)
    {
        var read = 0;
        byte[]? token = null;
        do
        {
            var page = await store.Namespaces.ListNamespacesAsync(PageSize, token, cancellationToken).ConfigureAwait(false);
            foreach (var record in page.Items)
            {
                namespaces.Observe(record);
            }
            read += page.Items.Count;
            token = page.NextPageToken;
        }
        while (token is { Length: > 0 });
        return read;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(config.Get(ClusterConfigKeys.NamespaceRefreshInterval), timeProvider, stoppingToken).ConfigureAwait(false);
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The cache keeps what it has; the next interval tries again.
                LogRefreshFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 7130, Level = LogLevel.Warning, Message = "Re-reading namespaces failed; keeping the cached ones until the next refresh")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
