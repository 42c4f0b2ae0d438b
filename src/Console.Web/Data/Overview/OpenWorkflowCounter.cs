using Fencepost.Engine.History.Schedules;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Persistence.Visibility;

namespace Fencepost.ConsoleWeb.Data.Overview;

/// <summary>
/// Counts running workflows over every namespace for the verdict's "pending work". A count scans
/// visibility, so it is taken at most once per <see cref="MinInterval"/> and reused in between.
/// </summary>
public sealed class OpenWorkflowCounter(IPersistenceStore store, TimeProvider time)
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(10);

    private const int RunningStatus = 1;
    private const int MaxNamespaces = 1_000;

    private long _count;
    private DateTimeOffset _countedAt = DateTimeOffset.MinValue;

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _countedAt < MinInterval)
        {
            return _count;
        }
        long total = 0;
        var namespaces = 0;
        byte[]? token = null;
        do
        {
            var page = await store.Namespaces.ListNamespacesAsync(100, token, cancellationToken);
            foreach (var ns in page.Items)
            {
                var counts = await store.Visibility.CountByStatusAsync(ns.Id, SchedulerVisibility.WorkflowsOnly((VisibilityFilter?)null), cancellationToken);
                total += counts.GetValueOrDefault(RunningStatus);
            }
            namespaces += page.Items.Count;
            token = page.NextPageToken;
        }
        while (token is not null && namespaces < MaxNamespaces);
        _count = total;
        _countedAt = now;
        return total;
    }
}
