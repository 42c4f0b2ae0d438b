using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Tests.Persistence.Conformance;

/// <summary>Builders for realistic rows with unique ids, so tests never see each other's data.</summary>
internal static class ConformanceData
{
    public const int Running = 1;
    public const int Completed = 2;

    /// <summary>A shard id no other test uses (stores do not know the cluster's shard count).</summary>
    public static int NewShardId() => Random.Shared.Next(100_000, int.MaxValue);

    public static string NewWorkflowId() => "wf-" + Guid.NewGuid().ToString("N");

    /// <summary>Whole milliseconds: what the engine writes and every store round-trips exactly.</summary>
    public static DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    }

    public static WorkflowExecutionRecord Execution(int shardId, Guid namespaceId, string workflowId, Guid runId, long version = 1, int status = Running,
        WorkflowExecutionState state = WorkflowExecutionState.Running, byte[]? data = null) =>
        new(shardId, namespaceId, workflowId, runId, NextEventId: 4, version, state, status, Now(), data ?? [1, 2, 3]);

    public static CurrentExecutionRecord Current(WorkflowExecutionRecord execution, string requestId = "req-1") =>
        new(execution.ShardId, execution.NamespaceId, execution.WorkflowId, execution.RunId, requestId, execution.State, execution.Status, execution.StartTime);

    public static ExecutionCreate BrandNew(WorkflowExecutionRecord execution) =>
        new(execution, Current(execution), CreateMode.BrandNew);

    public static ShardTaskRecord TransferTask(long taskId, byte[]? data = null) =>
        new(ShardTaskCategory.Transfer, taskId, DateTimeOffset.MinValue, data ?? [9]);

    public static ShardTaskRecord TimerTask(DateTimeOffset at, long taskId) =>
        new(ShardTaskCategory.Timer, taskId, at, [7]);

    public static HistoryNode Node(Guid runId, long nodeId, int eventCount = 1, byte[]? data = null, long transactionId = 1) =>
        new(runId, runId, nodeId, transactionId, eventCount, data ?? [(byte)nodeId]);

    public static VisibilityRecord Visibility(Guid namespaceId, string workflowId, Guid runId, string type, int status, DateTimeOffset start,
        DateTimeOffset? close = null, string taskQueue = "tq") =>
        new(namespaceId, workflowId, runId, type, taskQueue, status, start, start, close, HistoryLength: 3, Memo: null, SearchAttributes: null);

    /// <summary>Creates a shard and acquires it for <paramref name="owner"/>; returns its range id.</summary>
    public static async Task<long> OwnShardAsync(Fencepost.Engine.Persistence.Stores.IPersistenceStore store, int shardId, string owner = "host-a")
    {
        var created = await store.Shards.GetOrCreateShardAsync(shardId);
        var acquired = await store.Shards.AcquireShardAsync(shardId, owner, created.RangeId);
        return acquired.RangeId;
    }
}
