using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Stores;

public interface INamespaceStore
{
    /// <summary>Creates the namespace; a taken name or id throws <see cref="Errors.EntityAlreadyExistsException"/>.</summary>
    Task CreateNamespaceAsync(NamespaceRecord record, CancellationToken cancellationToken = default);

    Task<NamespaceRecord?> GetNamespaceByNameAsync(string name, CancellationToken cancellationToken = default);

    Task<NamespaceRecord?> GetNamespaceByIdAsync(Guid id, CancellationToken cancellationToken = default);

    Task<Page<NamespaceRecord>> ListNamespacesAsync(int pageSize, byte[]? pageToken, CancellationToken cancellationToken = default);

    /// <summary>Replaces the data when the stored notification version is <paramref name="expectedNotificationVersion"/>; stores record's version.</summary>
    Task UpdateNamespaceAsync(NamespaceRecord record, long expectedNotificationVersion, CancellationToken cancellationToken = default);
}
