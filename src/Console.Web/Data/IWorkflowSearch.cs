namespace Fencepost.ConsoleWeb.Data;

/// <summary>Lists runs with Temporal's visibility query language (read-only).</summary>
public interface IWorkflowSearch
{
    /// <summary>Namespace names, for the namespace picker.</summary>
    Task<IReadOnlyList<string>> ListNamespacesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of runs matching <paramref name="query"/> in <paramref name="namespaceName"/>. Throws
    /// <see cref="Engine.Persistence.Visibility.VisibilityQueryException"/> for a query that does not parse
    /// and <see cref="ArgumentException"/> for an unknown namespace.
    /// </summary>
    Task<WorkflowPage> SearchAsync(string namespaceName, string? query, int pageSize, byte[]? pageToken, CancellationToken cancellationToken = default);
}
