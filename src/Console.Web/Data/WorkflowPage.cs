using Fencepost.Engine.Persistence.Model;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>One page of runs, counts by status for the same query, and the token of the next page (null on the last).</summary>
public sealed record WorkflowPage(IReadOnlyList<VisibilityRecord> Runs, IReadOnlyDictionary<int, long> CountsByStatus, byte[]? NextPageToken);
