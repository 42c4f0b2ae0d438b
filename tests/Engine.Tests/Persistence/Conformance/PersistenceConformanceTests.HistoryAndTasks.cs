using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using static Fencepost.Engine.Tests.Persistence.Conformance.ConformanceData;

namespace Fencepost.Engine.Tests.Persistence.Conformance;

public abstract partial class PersistenceConformanceTests
{
    [Fact]
    public async Task ReadHistory_PagesInNodeOrderWithinBounds()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var runId = Guid.NewGuid();
        var request = new ShardWriteRequest(shardId, range);
        request.History.AddRange(new long[] { 9, 1, 5, 3, 7 }.Select(id => Node(runId, id)));
        await Store.Executions.WriteAsync(request);

        var first = await Store.History.ReadAsync(shardId, runId, runId, 3, 9, 2, null);
        var second = await Store.History.ReadAsync(shardId, runId, runId, 3, 9, 2, first.NextPageToken);

        Assert.Equal([3L, 5L], first.Items.Select(n => n.NodeId));
        Assert.NotNull(first.NextPageToken);
        Assert.Equal([7L], second.Items.Select(n => n.NodeId));
        Assert.Null(second.NextPageToken);
    }

    [Fact]
    public async Task WriteHistory_SameNodeAgain_ReplacesIt()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var runId = Guid.NewGuid();
        await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range) { History = { Node(runId, 1, data: [1], transactionId: 1) } });

        await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range) { History = { Node(runId, 1, eventCount: 2, data: [2], transactionId: 2) } });

        var node = Assert.Single((await Store.History.ReadAsync(shardId, runId, runId, 1, long.MaxValue, 10, null)).Items);
        // Separately: a tuple compares its byte[] by reference, so it could never be equal.
        Assert.Equal([2], node.Data);
        Assert.Equal(2, node.EventCount);
    }

    [Fact]
    public async Task ReadHistory_ZeroPageSize_ThrowsInvalidRequest()
    {
        await Assert.ThrowsAsync<InvalidPersistenceRequestException>(() => Store.History.ReadAsync(NewShardId(), Guid.NewGuid(), Guid.NewGuid(), 1, 10, 0, null));
    }

    [Fact]
    public async Task GetTransferTasks_RangeIsExclusiveMinInclusiveMax()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var request = new ShardWriteRequest(shardId, range);
        request.Tasks.AddRange(Enumerable.Range(1, 5).Select(i => TransferTask(i, data: [(byte)i])));
        await Store.Executions.WriteAsync(request);

        var tasks = await Store.ShardTasks.GetTasksAsync(shardId, ShardTaskCategory.Transfer, ShardTaskKey.ForId(1), ShardTaskKey.ForId(4), 10);
        var limited = await Store.ShardTasks.GetTasksAsync(shardId, ShardTaskCategory.Transfer, ShardTaskKey.ForId(0), ShardTaskKey.ForId(5), 2);

        Assert.Equal([2L, 3L, 4L], tasks.Select(t => t.TaskId));
        Assert.Equal([(byte)2], tasks[0].Data);
        Assert.Equal([1L, 2L], limited.Select(t => t.TaskId));
    }

    [Fact]
    public async Task GetTimerTasks_OrderByTimeThenIdAndRoundTripTimes()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var t0 = Now();
        var request = new ShardWriteRequest(shardId, range)
        {
            Tasks = { TimerTask(t0.AddSeconds(2), 1), TimerTask(t0.AddSeconds(1), 3), TimerTask(t0.AddSeconds(1), 2), TimerTask(t0.AddSeconds(9), 4) },
        };
        await Store.Executions.WriteAsync(request);

        var due = await Store.ShardTasks.GetTasksAsync(shardId, ShardTaskCategory.Timer, new ShardTaskKey(DateTimeOffset.MinValue, 0), new ShardTaskKey(t0.AddSeconds(5), long.MaxValue), 10);

        Assert.Equal([2L, 3L, 1L], due.Select(t => t.TaskId));
        Assert.Equal(t0.AddSeconds(1), due[0].VisibilityTime);
        Assert.Equal(TimeSpan.Zero, due[0].VisibilityTime.Offset);
    }

    [Fact]
    public async Task CompleteShardTask_RemovesOnlyThatTask()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var t0 = Now();
        await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range) { Tasks = { TimerTask(t0, 1), TimerTask(t0, 2) } });

        await Store.ShardTasks.CompleteTaskAsync(shardId, ShardTaskCategory.Timer, new ShardTaskKey(t0, 1));

        var left = await Store.ShardTasks.GetTasksAsync(shardId, ShardTaskCategory.Timer, new ShardTaskKey(DateTimeOffset.MinValue, 0), new ShardTaskKey(DateTimeOffset.MaxValue, long.MaxValue), 10);
        Assert.Equal([2L], left.Select(t => t.TaskId));
    }

    [Fact]
    public async Task Write_DuplicateTaskId_ThrowsConditionFailedAndWritesNothing()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range) { Tasks = { TransferTask(1) } });

        await Assert.ThrowsAsync<ConditionFailedException>(() => Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range) { Tasks = { TransferTask(2), TransferTask(1) } }));

        Assert.Equal([1L], (await ReadTransferTaskIdsAsync(shardId)));
    }
}
