using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Visibility;
using static Fencepost.Engine.Tests.Persistence.Embedded.StoreRecords;

namespace Fencepost.Engine.Tests.Persistence.Embedded;

public class EmbeddedPersistenceStoreTests
{
    private readonly Guid _namespace = Guid.NewGuid();

    [Fact]
    public async Task AcquireShardAsync_TwoOwnersRace_ExactlyOneWinsAndTheLoserCannotWrite()
    {
        await using var store = EmbeddedStoreFactory.Create();
        await store.Shards.GetOrCreateShardAsync(3);

        var first = await store.Shards.AcquireShardAsync(3, "host-a", 0);
        var lost = await Assert.ThrowsAsync<ShardOwnershipLostException>(() => store.Shards.AcquireShardAsync(3, "host-b", 0));
        var stale = await Assert.ThrowsAsync<ShardOwnershipLostException>(() => store.Shards.UpdateShardAsync(3, 0, [9]));

        Assert.Equal(1, first.RangeId);
        Assert.Equal("host-a", first.Owner);
        Assert.Equal(1, lost.ActualRangeId);
        Assert.Equal(1, stale.ActualRangeId);
    }

    [Fact]
    public async Task WriteAsync_DeposedOwner_WritesNothing()
    {
        await using var store = EmbeddedStoreFactory.Create();
        await store.Shards.GetOrCreateShardAsync(1);
        await store.Shards.AcquireShardAsync(1, "old", 0);
        await store.Shards.AcquireShardAsync(1, "new", 1);
        var execution = Execution(1, _namespace, $"wf-{Guid.NewGuid()}", Guid.NewGuid());

        await Assert.ThrowsAsync<ShardOwnershipLostException>(() => store.Executions.WriteAsync(Create(1, execution)));

        Assert.Null(await store.Executions.GetCurrentExecutionAsync(1, _namespace, execution.WorkflowId));
    }

    [Fact]
    public async Task WriteAsync_CreateThenUpdate_StoresVersionsAndRefusesAStaleUpdate()
    {
        await using var store = EmbeddedStoreFactory.Create();
        var shard = await AcquireAsync(store, 2);
        var execution = Execution(2, _namespace, $"wf-{Guid.NewGuid()}", Guid.NewGuid());
        await store.Executions.WriteAsync(Create(shard.RangeId, execution));

        var updated = execution with { DbRecordVersion = 2, NextEventId = 9 };
        await store.Executions.WriteAsync(new ShardWriteRequest(2, shard.RangeId) { Updates = [new ExecutionUpdate(updated, 1)] });
        var stale = new ShardWriteRequest(2, shard.RangeId) { Updates = [new ExecutionUpdate(updated, 1)] };

        await Assert.ThrowsAsync<ConditionFailedException>(() => store.Executions.WriteAsync(stale));
        var stored = await store.Executions.GetExecutionAsync(2, _namespace, execution.WorkflowId, execution.RunId);
        Assert.Equal(9, stored!.NextEventId);
        Assert.Equal(2, stored.DbRecordVersion);
    }

    [Fact]
    public async Task WriteAsync_BrandNewWhileARunIsCurrent_ThrowsWorkflowAlreadyStartedWithTheCurrentRun()
    {
        await using var store = EmbeddedStoreFactory.Create();
        var shard = await AcquireAsync(store, 4);
        var workflowId = $"wf-{Guid.NewGuid()}";
        var first = Execution(4, _namespace, workflowId, Guid.NewGuid());
        await store.Executions.WriteAsync(Create(shard.RangeId, first));

        var error = await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(
            () => store.Executions.WriteAsync(Create(shard.RangeId, Execution(4, _namespace, workflowId, Guid.NewGuid()))));

        Assert.Equal(first.RunId, error.Current.RunId);
    }

    [Fact]
    public async Task WriteAsync_ContinueAsNew_UpdatesOldRunAndMovesTheCurrentPointer()
    {
        await using var store = EmbeddedStoreFactory.Create();
        var shard = await AcquireAsync(store, 5);
        var workflowId = $"wf-{Guid.NewGuid()}";
        var old = Execution(5, _namespace, workflowId, Guid.NewGuid());
        await store.Executions.WriteAsync(Create(shard.RangeId, old));
        var closed = old with { DbRecordVersion = 2, State = WorkflowExecutionState.Completed, Status = 6 };
        var next = Execution(5, _namespace, workflowId, Guid.NewGuid());

        await store.Executions.WriteAsync(new ShardWriteRequest(5, shard.RangeId)
        {
            Updates = [new ExecutionUpdate(closed, 1)],
            Creates = [new ExecutionCreate(next, Current(next), CreateMode.ContinueAsNew, old.RunId)],
        });

        var current = await store.Executions.GetCurrentExecutionAsync(5, _namespace, workflowId);
        Assert.Equal(next.RunId, current!.RunId);
        Assert.Equal(WorkflowExecutionState.Completed, (await store.Executions.GetExecutionAsync(5, _namespace, workflowId, old.RunId))!.State);
    }

    [Fact]
    public async Task WriteAsync_CallerReusesItsBuffer_StoredBytesDoNotChange()
    {
        await using var store = EmbeddedStoreFactory.Create();
        var shard = await AcquireAsync(store, 6);
        var execution = Execution(6, _namespace, $"wf-{Guid.NewGuid()}", Guid.NewGuid());
        await store.Executions.WriteAsync(Create(shard.RangeId, execution));

        execution.Data[0] = 42;
        var read = await store.Executions.GetExecutionAsync(6, _namespace, execution.WorkflowId, execution.RunId);
        read!.Data[1] = 42;

        var again = await store.Executions.GetExecutionAsync(6, _namespace, execution.WorkflowId, execution.RunId);
        Assert.Equal(new byte[] { 1, 2, 3 }, again!.Data);
    }

    [Fact]
    public async Task WriteAsync_HistoryOverTenMiB_WritesAheadAndCommitsTheRest()
    {
        await using var store = EmbeddedStoreFactory.Create();
        var shard = await AcquireAsync(store, 7);
        var execution = Execution(7, _namespace, $"wf-{Guid.NewGuid()}", Guid.NewGuid());
        var tree = Guid.NewGuid();
        var branch = Guid.NewGuid();
        var request = Create(shard.RangeId, execution) with
        {
            History = [.. Enumerable.Range(1, 12).Select(i => new HistoryNode(tree, branch, i, 1, 1, new byte[1_000_000]))],
        };

        await store.Executions.WriteAsync(request);

        var page = await store.History.ReadAsync(7, tree, branch, 1, 100, 5, null);
        Assert.Equal([1L, 2, 3, 4, 5], page.Items.Select(n => n.NodeId));
        var rest = await store.History.ReadAsync(7, tree, branch, 1, 100, 50, page.NextPageToken);
        Assert.Equal(7, rest.Items.Count);
        Assert.Null(rest.NextPageToken);
        Assert.NotNull(await store.Executions.GetExecutionAsync(7, _namespace, execution.WorkflowId, execution.RunId));
    }

    [Fact]
    public async Task WriteAsync_MoreThan3000TasksWithoutHistory_RefusedBeforeWriting()
    {
        await using var store = EmbeddedStoreFactory.Create();
        var shard = await AcquireAsync(store, 8);
        var execution = Execution(8, _namespace, $"wf-{Guid.NewGuid()}", Guid.NewGuid());
        var request = Create(shard.RangeId, execution) with
        {
            Tasks = [.. Enumerable.Range(1, 3_000).Select(i => new ShardTaskRecord(ShardTaskCategory.Transfer, i, DateTimeOffset.MinValue, []))],
        };

        await Assert.ThrowsAsync<TransactionLimitExceededException>(() => store.Executions.WriteAsync(request));

        Assert.Null(await store.Executions.GetCurrentExecutionAsync(8, _namespace, execution.WorkflowId));
    }

    [Fact]
    public async Task GetTasksAsync_Timers_OrderedByTimeThenIdWithinTheRange()
    {
        await using var store = EmbeddedStoreFactory.Create();
        var shard = await AcquireAsync(store, 9);
        var execution = Execution(9, _namespace, $"wf-{Guid.NewGuid()}", Guid.NewGuid());
        var t0 = Start;
        var request = Create(shard.RangeId, execution) with
        {
            Tasks =
            [
                new ShardTaskRecord(ShardTaskCategory.Timer, 5, t0.AddSeconds(2), []),
                new ShardTaskRecord(ShardTaskCategory.Timer, 9, t0.AddSeconds(1), []),
                new ShardTaskRecord(ShardTaskCategory.Timer, 1, t0.AddSeconds(3), []),
            ],
        };
        await store.Executions.WriteAsync(request);

        var due = await store.ShardTasks.GetTasksAsync(9, ShardTaskCategory.Timer,
            new ShardTaskKey(t0, 0), new ShardTaskKey(t0.AddSeconds(2), long.MaxValue), 10);
        var removed = await store.ShardTasks.RangeCompleteTasksAsync(9, ShardTaskCategory.Timer, new ShardTaskKey(t0.AddSeconds(2), long.MaxValue));

        Assert.Equal([9L, 5], due.Select(t => t.TaskId));
        Assert.Equal(2, removed);
    }

    [Fact]
    public async Task LeaseTaskQueueAsync_ConcurrentLeasersFromZero_OneGetsRangeOneTheOtherConditionFailed()
    {
        await using var store = EmbeddedStoreFactory.Create();
        var key = new TaskQueueKey(_namespace, $"q-{Guid.NewGuid()}", 1, 0);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            try
            {
                return (await store.TaskQueues.LeaseTaskQueueAsync(key, 0)).RangeId;
            }
            catch (ConditionFailedException)
            {
                return -1;
            }
        })));

        Assert.Single(attempts, r => r == 1);
        Assert.Equal(3, attempts.Count(r => r == -1));
    }

    [Fact]
    public async Task ListAsync_DefaultOrder_NewestFirstWithStableKeysetPages()
    {
        await using var store = EmbeddedStoreFactory.Create();
        var records = Enumerable.Range(0, 5).Select(i => Visibility(_namespace, $"wf-{i}", Start.AddMinutes(i))).ToList();
        foreach (var record in records)
        {
            await store.Visibility.UpsertAsync(record);
        }

        var first = await store.Visibility.ListAsync(_namespace, VisibilityQuery.All, 2, null);
        await store.Visibility.UpsertAsync(Visibility(_namespace, "newer", Start.AddHours(1)));
        var second = await store.Visibility.ListAsync(_namespace, VisibilityQuery.All, 2, first.NextPageToken);

        Assert.Equal(["wf-4", "wf-3"], first.Items.Select(r => r.WorkflowId));
        Assert.Equal(["wf-2", "wf-1"], second.Items.Select(r => r.WorkflowId));
    }

    private static async Task<ShardInfo> AcquireAsync(Fencepost.Engine.Persistence.Embedded.EmbeddedPersistenceStore store, int shardId)
    {
        var shard = await store.Shards.GetOrCreateShardAsync(shardId);
        return await store.Shards.AcquireShardAsync(shardId, "host", shard.RangeId);
    }
}
