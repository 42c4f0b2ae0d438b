using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Tests.Persistence.Embedded;

/// <summary>Builders of store records with unique ids per call.</summary>
internal static class StoreRecords
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static WorkflowExecutionRecord Execution(int shardId, Guid namespaceId, string workflowId, Guid runId, long version = 1, WorkflowExecutionState state = WorkflowExecutionState.Running) =>
        new(shardId, namespaceId, workflowId, runId, NextEventId: 3, version, state, Status: 1, Start, [1, 2, 3]);

    public static CurrentExecutionRecord Current(WorkflowExecutionRecord execution, WorkflowExecutionState? state = null) =>
        new(execution.ShardId, execution.NamespaceId, execution.WorkflowId, execution.RunId, $"req-{execution.RunId}", state ?? execution.State, execution.Status, execution.StartTime);

    public static ShardWriteRequest Create(long rangeId, WorkflowExecutionRecord execution, CreateMode mode = CreateMode.BrandNew, Guid? previousRunId = null) =>
        new(execution.ShardId, rangeId) { Creates = [new ExecutionCreate(execution, Current(execution), mode, previousRunId)] };

    public static VisibilityRecord Visibility(Guid namespaceId, string workflowId, DateTimeOffset start, int status = 1, DateTimeOffset? close = null, string type = "OrderWorkflow") =>
        new(namespaceId, workflowId, Guid.NewGuid(), type, "orders", status, start, start, close, 3, null, null);
}
