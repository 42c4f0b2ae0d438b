using Fencepost.ConsoleWeb.Data;

namespace Fencepost.ConsoleWeb.Tests.Fakes;

/// <summary>The namespaces a test put in, or an error to throw when read.</summary>
public sealed class FakeNamespaceSource : INamespaceSource
{
    public List<NamespaceRow> Rows { get; } = [];

    public Exception? Failure { get; set; }

    public Task<IReadOnlyList<NamespaceRow>> ListAsync(CancellationToken cancellationToken = default) =>
        Failure is not null ? Task.FromException<IReadOnlyList<NamespaceRow>>(Failure) : Task.FromResult<IReadOnlyList<NamespaceRow>>([.. Rows]);
}
