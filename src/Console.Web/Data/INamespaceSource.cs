namespace Fencepost.ConsoleWeb.Data;

/// <summary>The namespaces of the cluster, with what an operator asks first: state and retention.</summary>
public interface INamespaceSource
{
    /// <summary>Every namespace (at most <see cref="StoreNamespaceSource.MaxNamespaces"/>), by name.</summary>
    Task<IReadOnlyList<NamespaceRow>> ListAsync(CancellationToken cancellationToken = default);
}
