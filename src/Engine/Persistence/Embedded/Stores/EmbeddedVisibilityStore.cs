using Fencepost.Engine.Persistence.Embedded.Keys;
using Fencepost.Engine.Persistence.Embedded.Mvcc;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Limits;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Persistence.Visibility;

namespace Fencepost.Engine.Persistence.Embedded.Stores;

/// <summary>
/// Visibility rows keyed by (namespace, run id). Listing and counting scan the namespace's rows
/// and filter in memory (there are no secondary indexes); a page keeps only the best rows seen.
/// </summary>
internal sealed class EmbeddedVisibilityStore(EmbeddedTransactions transactions) : IVisibilityStore
{
    private EmbeddedTables Tables => transactions.Tables;

    public async Task UpsertAsync(VisibilityRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        TransactionBudget.CheckKey(EmbeddedTables.VisibilityName, "workflow_id", record.WorkflowId);
        TransactionBudget.CheckColumn(EmbeddedTables.VisibilityName, "memo", record.Memo?.Length ?? 0);
        TransactionBudget.CheckColumn(EmbeddedTables.VisibilityName, "search_attributes", record.SearchAttributes?.Length ?? 0);
        var stored = StoredValues.Of(record);
        await transactions.ExecuteAsync(Operation("UpsertVisibility", record.RunId),
            tx => tx.Upsert(Tables.Visibility, new VisibilityKey(stored.NamespaceId, stored.RunId), stored),
            cancellationToken);
    }

    public async Task<Page<VisibilityRecord>> ListAsync(Guid namespaceId, VisibilityQuery query, int pageSize, byte[]? pageToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (pageSize < 1)
        {
            throw new InvalidPersistenceRequestException($"Visibility page size must be at least 1, not {pageSize}.");
        }
        VisibilityFilterEvaluator.Validate(query.Filter);
        var ordering = VisibilityOrdering.For(query);
        (DateTimeOffset? Time, Guid RunId)? after = pageToken is null ? null : ordering.DecodeToken(pageToken);
        return await transactions.RunAsync(NamespaceOperation("ListVisibility", namespaceId), tx =>
        {
            // Keep the pageSize + 1 first rows in order: a max-heap by the listing order whose top is
            // the worst kept row, so a large namespace costs O(n log pageSize), not a full sort.
            var best = new PriorityQueue<VisibilityRecord, VisibilityRecord>(Comparer<VisibilityRecord>.Create((x, y) => ordering.Compare(y, x)));
            tx.Visit(Tables.Visibility, NamespaceRange(namespaceId), (_, record) =>
            {
                if ((after is { } position && !ordering.IsAfter(record, position)) || !VisibilityFilterEvaluator.Matches(query.Filter, record))
                {
                    return true;
                }
                if (best.Count <= pageSize)
                {
                    best.Enqueue(record, record);
                }
                else if (ordering.Compare(record, best.Peek()) < 0)
                {
                    best.EnqueueDequeue(record, record);
                }
                return true;
            });
            var ordered = new List<VisibilityRecord>(best.Count);
            while (best.Count > 0)
            {
                ordered.Add(best.Dequeue());
            }
            ordered.Reverse();
            var items = ordered.Take(pageSize).Select(StoredValues.Of).ToList();
            var next = ordered.Count > pageSize ? ordering.EncodeToken(items[^1]) : null;
            return new Page<VisibilityRecord>(items, next);
        }, cancellationToken);
    }

    public async Task<long> CountAsync(Guid namespaceId, VisibilityFilter? filter, CancellationToken cancellationToken = default)
    {
        VisibilityFilterEvaluator.Validate(filter);
        return await transactions.RunAsync(NamespaceOperation("CountVisibility", namespaceId),
            tx =>
            {
                long count = 0;
                tx.Visit(Tables.Visibility, NamespaceRange(namespaceId), (_, record) =>
                {
                    if (VisibilityFilterEvaluator.Matches(filter, record))
                    {
                        count++;
                    }
                    return true;
                });
                return count;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyDictionary<int, long>> CountByStatusAsync(Guid namespaceId, VisibilityFilter? filter, CancellationToken cancellationToken = default)
    {
        VisibilityFilterEvaluator.Validate(filter);
        return await transactions.RunAsync<IReadOnlyDictionary<int, long>>(NamespaceOperation("CountVisibilityByStatus", namespaceId), tx =>
        {
            var counts = new Dictionary<int, long>();
            tx.Visit(Tables.Visibility, NamespaceRange(namespaceId), (_, record) =>
            {
                if (VisibilityFilterEvaluator.Matches(filter, record))
                {
                    counts[record.Status] = counts.GetValueOrDefault(record.Status) + 1;
                }
                return true;
            });
            return counts;
        }, cancellationToken);
    }

    public Task<VisibilityRecord?> GetAsync(Guid namespaceId, Guid runId, CancellationToken cancellationToken = default) =>
        transactions.RunAsync(Operation("GetVisibility", runId),
            tx => tx.Get(Tables.Visibility, new VisibilityKey(namespaceId, runId)) is { } record ? StoredValues.Of(record) : null,
            cancellationToken);

    public Task DeleteAsync(Guid namespaceId, Guid runId, CancellationToken cancellationToken = default) =>
        transactions.ExecuteAsync(Operation("DeleteVisibility", runId),
            tx => tx.Delete(Tables.Visibility, new VisibilityKey(namespaceId, runId)),
            cancellationToken);

    private static KeyRange<VisibilityKey> NamespaceRange(Guid namespaceId) =>
        KeyRange.Closed(new VisibilityKey(namespaceId, Guid.Empty), new VisibilityKey(namespaceId, Guid.AllBitsSet));

    private static PersistenceOperation Operation(string name, Guid runId) =>
        new(name, EmbeddedTables.VisibilityName, null, $"visibility:{runId}");

    private static PersistenceOperation NamespaceOperation(string name, Guid namespaceId) =>
        new(name, EmbeddedTables.VisibilityName, null, $"namespace:{namespaceId}");
}
