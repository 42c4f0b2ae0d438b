using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Tests.Persistence.Postgres;

/// <summary>Shard writes the PostgreSQL store tests send.</summary>
internal static class ShardWriteRequests
{
    /// <summary>A brand-new run with one history node and one transfer task.</summary>
    public static ShardWriteRequest NewRun(int shardId, long rangeId, out WorkflowExecutionRecord execution, string? workflowId = null, Guid? namespaceId = null)
    {
        var now = DateTimeOffset.UtcNow;
        execution = new WorkflowExecutionRecord(shardId, namespaceId ?? Guid.NewGuid(), workflowId ?? $"wf-{Guid.NewGuid():N}", Guid.NewGuid(),
            NextEventId: 3, DbRecordVersion: 1, WorkflowExecutionState.Running, Status: 1, now, [9]);
        var current = new CurrentExecutionRecord(shardId, execution.NamespaceId, execution.WorkflowId, execution.RunId, Guid.NewGuid().ToString(),
            WorkflowExecutionState.Running, 1, now);
        return new ShardWriteRequest(shardId, rangeId)
        {
            Creates = [new ExecutionCreate(execution, current, CreateMode.BrandNew)],
            History = [new HistoryNode(execution.RunId, execution.RunId, 1, 1, 2, [1, 2])],
            Tasks = [new ShardTaskRecord(ShardTaskCategory.Transfer, Random.Shared.NextInt64(1, long.MaxValue), now, [7])],
        };
    }
}
