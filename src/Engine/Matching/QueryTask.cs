using Fencepost.Engine.History;
using Temporalio.Api.Query.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Matching;

/// <summary>A legacy query waiting for a worker's answer (held in memory only: a query does not outlive its caller).</summary>
internal sealed class QueryTask(WorkflowKey key, WorkflowQuery query, Guid? id = null, PollWorkflowTaskQueueResponse? prebuilt = null)
{
    public Guid Id { get; } = id ?? Guid.NewGuid();

    public WorkflowKey Key { get; } = key;

    public WorkflowQuery Query { get; } = query;

    /// <summary>
    /// The query task as the workflow's history node built it, when this node's matching holds the
    /// task queue but not the workflow's shard (the answer goes back to that history node).
    /// </summary>
    public PollWorkflowTaskQueueResponse? Prebuilt { get; } = prebuilt;

    public TaskCompletionSource<QueryOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
