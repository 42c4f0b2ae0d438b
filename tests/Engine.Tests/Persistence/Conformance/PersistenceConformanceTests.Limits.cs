using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using static Fencepost.Engine.Tests.Persistence.Conformance.ConformanceData;

namespace Fencepost.Engine.Tests.Persistence.Conformance;

public abstract partial class PersistenceConformanceTests
{
    [Fact]
    public async Task Write_MoreThan3000Rows_IsRefusedWhole()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var execution = Execution(shardId, Guid.NewGuid(), NewWorkflowId(), Guid.NewGuid());
        var request = new ShardWriteRequest(shardId, range) { Creates = { BrandNew(execution) } };
        request.Tasks.AddRange(Enumerable.Range(1, 3_001).Select(i => TransferTask((range << 20) + i)));

        await Assert.ThrowsAsync<TransactionLimitExceededException>(() => Store.Executions.WriteAsync(request));

        Assert.Null(await Store.Executions.GetCurrentExecutionAsync(shardId, execution.NamespaceId, execution.WorkflowId));
        Assert.Empty(await Store.ShardTasks.GetTasksAsync(shardId, ShardTaskCategory.Transfer, ShardTaskKey.ForId(0), ShardTaskKey.ForId(long.MaxValue), 10));
    }

    [Fact]
    public async Task Write_HistoryOver10MiB_IsWrittenAheadAndCommitsWithTheRun()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var execution = Execution(shardId, Guid.NewGuid(), NewWorkflowId(), Guid.NewGuid());
        var request = new ShardWriteRequest(shardId, range) { Creates = { BrandNew(execution) } };
        const int nodeBytes = 1_000_000;
        request.History.AddRange(Enumerable.Range(0, 12).Select(i => Node(execution.RunId, 1 + i * 10, eventCount: 10, data: Enumerable.Repeat((byte)i, nodeBytes).ToArray())));

        await Store.Executions.WriteAsync(request);

        var nodes = await ReadAllHistoryAsync(shardId, execution.RunId);
        Assert.Equal(12, nodes.Count);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => 1L + i * 10), nodes.Select(n => n.NodeId));
        Assert.All(nodes, n => Assert.Equal(nodeBytes, n.Data.Length));
        Assert.NotNull(await Store.Executions.GetCurrentExecutionAsync(shardId, execution.NamespaceId, execution.WorkflowId));
    }

    [Fact]
    public async Task Write_HistoryNodeOver1MiB_IsRefusedWhole()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var execution = Execution(shardId, Guid.NewGuid(), NewWorkflowId(), Guid.NewGuid());

        await Assert.ThrowsAsync<TransactionLimitExceededException>(() => Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range)
        {
            Creates = { BrandNew(execution) },
            History = { Node(execution.RunId, 1, data: new byte[1024 * 1024 + 1]) },
        }));

        Assert.Null(await Store.Executions.GetCurrentExecutionAsync(shardId, execution.NamespaceId, execution.WorkflowId));
        Assert.Empty(await ReadAllHistoryAsync(shardId, execution.RunId));
    }

    [Fact]
    public async Task RangeCompleteTasks_MoreThan3000_DeletesAllInChunks()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var firstId = range << 20;
        for (var batch = 0; batch < 2; batch++)
        {
            var request = new ShardWriteRequest(shardId, range);
            request.Tasks.AddRange(Enumerable.Range(batch * 1_750, 1_750).Select(i => TransferTask(firstId + i)));
            await Store.Executions.WriteAsync(request);
        }

        var deleted = await Store.ShardTasks.RangeCompleteTasksAsync(shardId, ShardTaskCategory.Transfer, ShardTaskKey.ForId(firstId + 3_499));

        Assert.Equal(3_500, deleted);
        Assert.Empty(await Store.ShardTasks.GetTasksAsync(shardId, ShardTaskCategory.Transfer, ShardTaskKey.ForId(0), ShardTaskKey.ForId(long.MaxValue), 10));
    }

    [Fact]
    public async Task DeleteHistoryBranch_ManyNodes_DeletesAllInChunks()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var runId = Guid.NewGuid();
        for (var batch = 0; batch < 2; batch++)
        {
            var request = new ShardWriteRequest(shardId, range);
            request.History.AddRange(Enumerable.Range(batch * 1_200, 1_200).Select(i => Node(runId, 1 + i)));
            await Store.Executions.WriteAsync(request);
        }

        var deleted = await Store.History.DeleteBranchAsync(shardId, range, runId, runId);

        Assert.Equal(2_400, deleted);
        Assert.Empty(await ReadAllHistoryAsync(shardId, runId));
    }

    private async Task<List<HistoryNode>> ReadAllHistoryAsync(int shardId, Guid runId)
    {
        var nodes = new List<HistoryNode>();
        byte[]? token = null;
        do
        {
            var page = await Store.History.ReadAsync(shardId, runId, runId, 1, long.MaxValue, 5, token);
            nodes.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token is not null);
        return nodes;
    }
}
