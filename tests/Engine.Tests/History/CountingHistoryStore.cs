using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.Tests.History;

/// <summary>A history store that counts the events held by the nodes each read returned.</summary>
internal sealed class CountingHistoryStore(IHistoryStore inner) : IHistoryStore
{
    private long _eventsRead;

    /// <summary>Events in every node read since the last <see cref="Reset"/>.</summary>
    public long EventsRead => Interlocked.Read(ref _eventsRead);

    public void Reset() => Interlocked.Exchange(ref _eventsRead, 0);

    public async Task<Page<HistoryNode>> ReadAsync(int shardId, Guid treeId, Guid branchId, long minNodeId, long maxNodeIdExclusive, int pageSize, byte[]? pageToken, CancellationToken cancellationToken = default)
    {
        var page = await inner.ReadAsync(shardId, treeId, branchId, minNodeId, maxNodeIdExclusive, pageSize, pageToken, cancellationToken);
        Interlocked.Add(ref _eventsRead, page.Items.Sum(n => (long)n.EventCount));
        return page;
    }

    public Task<long> DeleteBranchAsync(int shardId, long rangeId, Guid treeId, Guid branchId, CancellationToken cancellationToken = default) =>
        inner.DeleteBranchAsync(shardId, rangeId, treeId, branchId, cancellationToken);
}
