using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using static Fencepost.Engine.Tests.Persistence.Conformance.ConformanceData;

namespace Fencepost.Engine.Tests.Persistence.Conformance;

public abstract partial class PersistenceConformanceTests
{
    [Fact]
    public async Task Write_BrandNew_CreatesRunCurrentHistoryTasksAndVisibility()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var ns = Guid.NewGuid();
        var execution = Execution(shardId, ns, NewWorkflowId(), Guid.NewGuid());

        await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range)
        {
            Creates = { BrandNew(execution) },
            History = { Node(execution.RunId, 1, eventCount: 3) },
            Tasks = { TransferTask(range << 20) },
            Visibility = { Visibility(ns, execution.WorkflowId, execution.RunId, "Greet", Running, execution.StartTime) },
        });

        var stored = await Store.Executions.GetExecutionAsync(shardId, ns, execution.WorkflowId, execution.RunId);
        Assert.NotNull(stored);
        Assert.Equal(execution with { Data = stored!.Data }, stored);
        Assert.Equal(execution.Data, stored.Data);
        var current = await Store.Executions.GetCurrentExecutionAsync(shardId, ns, execution.WorkflowId);
        Assert.Equal(Current(execution), current);
        var history = await Store.History.ReadAsync(shardId, execution.RunId, execution.RunId, 1, long.MaxValue, 10, null);
        Assert.Equal(3, Assert.Single(history.Items).EventCount);
        Assert.Single(await Store.ShardTasks.GetTasksAsync(shardId, ShardTaskCategory.Transfer, ShardTaskKey.ForId(0), ShardTaskKey.ForId(long.MaxValue), 10));
        Assert.NotNull(await Store.Visibility.GetAsync(ns, execution.RunId));
    }

    [Fact]
    public async Task Write_BrandNewWhileARunIsCurrent_ThrowsAlreadyStartedAndWritesNothing()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var ns = Guid.NewGuid();
        var workflowId = NewWorkflowId();
        var first = Execution(shardId, ns, workflowId, Guid.NewGuid());
        await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range) { Creates = { BrandNew(first) } });
        var second = Execution(shardId, ns, workflowId, Guid.NewGuid());

        var error = await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() => Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range)
        {
            Creates = { BrandNew(second) },
            History = { Node(second.RunId, 1) },
            Tasks = { TransferTask((range << 20) + 1) },
        }));

        Assert.Equal(first.RunId, error.Current.RunId);
        Assert.Equal("req-1", error.Current.CreateRequestId);
        Assert.Null(await Store.Executions.GetExecutionAsync(shardId, ns, workflowId, second.RunId));
        Assert.Empty((await Store.History.ReadAsync(shardId, second.RunId, second.RunId, 1, long.MaxValue, 10, null)).Items);
        Assert.Empty(await Store.ShardTasks.GetTasksAsync(shardId, ShardTaskCategory.Transfer, ShardTaskKey.ForId(0), ShardTaskKey.ForId(long.MaxValue), 10));
    }

    [Fact]
    public async Task Write_WorkflowIdReuse_NeedsTheClosedPreviousRun()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var ns = Guid.NewGuid();
        var workflowId = NewWorkflowId();
        var first = Execution(shardId, ns, workflowId, Guid.NewGuid());
        await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range) { Creates = { BrandNew(first) } });
        var second = Execution(shardId, ns, workflowId, Guid.NewGuid());
        var reuse = new ExecutionCreate(second, Current(second, "req-2"), CreateMode.WorkflowIdReuse, first.RunId);

        await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() => Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range) { Creates = { reuse } }));

        var closed = first with { DbRecordVersion = 2, State = WorkflowExecutionState.Completed, Status = Completed };
        await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range) { Updates = { new ExecutionUpdate(closed, 1, Current(closed)) } });
        await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range) { Creates = { reuse } });

        Assert.Equal(second.RunId, (await Store.Executions.GetCurrentExecutionAsync(shardId, ns, workflowId))!.RunId);
        Assert.NotNull(await Store.Executions.GetExecutionAsync(shardId, ns, workflowId, first.RunId));
    }

    [Fact]
    public async Task Write_ContinueAsNew_ClosesOldRunAndMakesNewRunCurrentAtomically()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var ns = Guid.NewGuid();
        var workflowId = NewWorkflowId();
        var first = Execution(shardId, ns, workflowId, Guid.NewGuid());
        await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range) { Creates = { BrandNew(first) } });
        var closed = first with { DbRecordVersion = 2, State = WorkflowExecutionState.Completed, Status = 6 };
        var next = Execution(shardId, ns, workflowId, Guid.NewGuid());

        await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range)
        {
            Updates = { new ExecutionUpdate(closed, 1) },
            Creates = { new ExecutionCreate(next, Current(next, "req-can"), CreateMode.ContinueAsNew, first.RunId) },
        });

        Assert.Equal(WorkflowExecutionState.Completed, (await Store.Executions.GetExecutionAsync(shardId, ns, workflowId, first.RunId))!.State);
        var current = await Store.Executions.GetCurrentExecutionAsync(shardId, ns, workflowId);
        Assert.Equal((next.RunId, "req-can"), (current!.RunId, current.CreateRequestId));
    }

    [Fact]
    public async Task Write_ContinueAsNewFromAnotherRun_ThrowsConditionFailed()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var ns = Guid.NewGuid();
        var first = Execution(shardId, ns, NewWorkflowId(), Guid.NewGuid());
        await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range) { Creates = { BrandNew(first) } });
        var next = Execution(shardId, ns, first.WorkflowId, Guid.NewGuid());

        await Assert.ThrowsAsync<ConditionFailedException>(() => Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range)
        {
            Creates = { new ExecutionCreate(next, Current(next), CreateMode.ContinueAsNew, PreviousRunId: Guid.NewGuid()) },
        }));
        Assert.Equal(first.RunId, (await Store.Executions.GetCurrentExecutionAsync(shardId, ns, first.WorkflowId))!.RunId);
    }

    [Fact]
    public async Task Write_UpdateAtWrongVersion_ThrowsConditionFailedAndWritesNothing()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var execution = Execution(shardId, Guid.NewGuid(), NewWorkflowId(), Guid.NewGuid());
        await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range) { Creates = { BrandNew(execution) } });

        await Assert.ThrowsAsync<ConditionFailedException>(() => Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range)
        {
            Updates = { new ExecutionUpdate(execution with { DbRecordVersion = 6, NextEventId = 99 }, ExpectedDbRecordVersion: 5) },
            Tasks = { TransferTask(range << 20) },
        }));

        var stored = await Store.Executions.GetExecutionAsync(shardId, execution.NamespaceId, execution.WorkflowId, execution.RunId);
        Assert.Equal((1L, 4L), (stored!.DbRecordVersion, stored.NextEventId));
        Assert.Empty(await Store.ShardTasks.GetTasksAsync(shardId, ShardTaskCategory.Transfer, ShardTaskKey.ForId(0), ShardTaskKey.ForId(long.MaxValue), 10));
    }

    [Fact]
    public async Task Write_UpdateThatDoesNotBumpVersionByOne_ThrowsInvalidRequest()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var execution = Execution(shardId, Guid.NewGuid(), NewWorkflowId(), Guid.NewGuid());
        await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range) { Creates = { BrandNew(execution) } });

        await Assert.ThrowsAsync<InvalidPersistenceRequestException>(() => Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range)
        {
            Updates = { new ExecutionUpdate(execution with { DbRecordVersion = 3 }, ExpectedDbRecordVersion: 1) },
        }));
    }

    [Fact]
    public async Task Write_RecordOfAnotherShard_ThrowsInvalidRequestAndWritesNothing()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var stray = Execution(shardId + 1, Guid.NewGuid(), NewWorkflowId(), Guid.NewGuid());

        await Assert.ThrowsAsync<InvalidPersistenceRequestException>(() => Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range) { Creates = { BrandNew(stray) } }));

        Assert.Null(await Store.Executions.GetCurrentExecutionAsync(shardId, stray.NamespaceId, stray.WorkflowId));
        Assert.Null(await Store.Executions.GetCurrentExecutionAsync(shardId + 1, stray.NamespaceId, stray.WorkflowId));
    }

    [Fact]
    public async Task Write_OversizedWorkflowId_ThrowsInvalidRequest()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var execution = Execution(shardId, Guid.NewGuid(), new string('x', 2_000), Guid.NewGuid());

        await Assert.ThrowsAsync<InvalidPersistenceRequestException>(() => Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range) { Creates = { BrandNew(execution) } }));
    }

    [Fact]
    public async Task DeleteExecution_RemovesRunCurrentPointerAndVisibility()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var ns = Guid.NewGuid();
        var execution = Execution(shardId, ns, NewWorkflowId(), Guid.NewGuid());
        await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range)
        {
            Creates = { BrandNew(execution) },
            Visibility = { Visibility(ns, execution.WorkflowId, execution.RunId, "T", Running, execution.StartTime) },
        });

        await Store.Executions.DeleteExecutionAsync(shardId, range, ns, execution.WorkflowId, execution.RunId);
        await Store.Executions.DeleteExecutionAsync(shardId, range, ns, execution.WorkflowId, execution.RunId);

        Assert.Null(await Store.Executions.GetExecutionAsync(shardId, ns, execution.WorkflowId, execution.RunId));
        Assert.Null(await Store.Executions.GetCurrentExecutionAsync(shardId, ns, execution.WorkflowId));
        Assert.Null(await Store.Visibility.GetAsync(ns, execution.RunId));
    }
}
