using Fencepost.ConsoleWeb.Data;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Visibility;

namespace Fencepost.ConsoleWeb.Tests.Fakes;

/// <summary>Runs held in memory, filtered with the real query parser's status clause and paged by offset.</summary>
public sealed class FakeWorkflowSearch : IWorkflowSearch
{
    public List<VisibilityRecord> Runs { get; } = [];

    public List<string?> Queries { get; } = [];

    public Task<IReadOnlyList<string>> ListNamespacesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(["default", "orders"]);

    public Task<WorkflowPage> SearchAsync(string namespaceName, string? query, int pageSize, byte[]? pageToken, CancellationToken cancellationToken = default)
    {
        Queries.Add(query);
        var parsed = VisibilityQueryParser.Parse(query);
        var matching = Runs.Where(r => parsed.Filter is not VisibilityFilter.Compare { Field: VisibilityField.ExecutionStatus } c || Equals(c.Value, r.Status)).ToList();
        var offset = pageToken is null ? 0 : BitConverter.ToInt32(pageToken);
        var items = matching.Skip(offset).Take(pageSize).ToList();
        var next = offset + pageSize < matching.Count ? BitConverter.GetBytes(offset + pageSize) : null;
        var counts = Runs.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => (long)g.Count());
        return Task.FromResult(new WorkflowPage(items, counts, next));
    }
}
