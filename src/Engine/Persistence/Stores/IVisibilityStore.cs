using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Visibility;

namespace Fencepost.Engine.Persistence.Stores;

public interface IVisibilityStore
{
    Task UpsertAsync(VisibilityRecord record, CancellationToken cancellationToken = default);

    Task<Page<VisibilityRecord>> ListAsync(Guid namespaceId, VisibilityQuery query, int pageSize, byte[]? pageToken, CancellationToken cancellationToken = default);

    Task<long> CountAsync(Guid namespaceId, VisibilityFilter? filter, CancellationToken cancellationToken = default);

    /// <summary>Counts grouped by ExecutionStatus (for the status chips of the workflow list).</summary>
    Task<IReadOnlyDictionary<int, long>> CountByStatusAsync(Guid namespaceId, VisibilityFilter? filter, CancellationToken cancellationToken = default);

    Task<VisibilityRecord?> GetAsync(Guid namespaceId, Guid runId, CancellationToken cancellationToken = default);

    Task DeleteAsync(Guid namespaceId, Guid runId, CancellationToken cancellationToken = default);
}
