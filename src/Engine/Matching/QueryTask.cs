using Fencepost.Engine.History;
using Temporalio.Api.Query.V1;

namespace Fencepost.Engine.Matching;

/// <summary>A legacy query waiting for a worker's answer (held in memory only: a query does not outlive its caller).</summary>
internal sealed class QueryTask(WorkflowKey key, WorkflowQuery query)
{
    public Guid Id { get; } = Guid.NewGuid();

    public WorkflowKey Key { get; } = key;

    public WorkflowQuery Query { get; } = query;

    public TaskCompletionSource<QueryOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
