using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Visibility;
using static Fencepost.Engine.Tests.Persistence.Conformance.ConformanceData;

namespace Fencepost.Engine.Tests.Persistence.Conformance;

/// <summary>What retention and DeleteWorkflowExecution ask of a store: a run deleted whole, nothing else touched, every write fenced.</summary>
public abstract partial class PersistenceConformanceTests
{
    [Fact]
    public async Task DeleteRun_ClosedRunBesideAnother_DeletesEverythingOfItAndNothingOfTheOther()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var ns = Guid.NewGuid();
        var gone = await WriteClosedRunWithHistoryAsync(shardId, range, ns, nodes: 1_500);
        var kept = await WriteClosedRunWithHistoryAsync(shardId, range, ns, nodes: 3);

        await Store.Executions.DeleteExecutionAsync(shardId, range, ns, gone.WorkflowId, gone.RunId);
        var deleted = await Store.History.DeleteBranchAsync(shardId, range, gone.RunId, gone.RunId);

        Assert.Equal(1_500, deleted);
        Assert.Null(await Store.Executions.GetExecutionAsync(shardId, ns, gone.WorkflowId, gone.RunId));
        Assert.Null(await Store.Executions.GetCurrentExecutionAsync(shardId, ns, gone.WorkflowId));
        Assert.Null(await Store.Visibility.GetAsync(ns, gone.RunId));
        Assert.Empty((await Store.History.ReadAsync(shardId, gone.RunId, gone.RunId, 1, long.MaxValue, 10, null)).Items);
        var byAttribute = new VisibilityFilter.SearchAttribute("Customer", SearchAttributeType.Keyword, AttributeOperator.Equal, ["acme"]);
        var listed = await Store.Visibility.ListAsync(ns, new VisibilityQuery(byAttribute, new VisibilityOrder(VisibilityField.StartTime, false)), 10, null);
        Assert.Equal([kept.RunId], listed.Items.Select(r => r.RunId));

        Assert.NotNull(await Store.Executions.GetExecutionAsync(shardId, ns, kept.WorkflowId, kept.RunId));
        Assert.Equal(kept.RunId, (await Store.Executions.GetCurrentExecutionAsync(shardId, ns, kept.WorkflowId))!.RunId);
        Assert.NotNull(await Store.Visibility.GetAsync(ns, kept.RunId));
        Assert.Equal(3, (await Store.History.ReadAsync(shardId, kept.RunId, kept.RunId, 1, long.MaxValue, 10, null)).Items.Count);
    }

    [Fact]
    public async Task DeleteExecution_CurrentMovedOnByContinueAsNew_KeepsTheNewerRunAndItsPointer()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var ns = Guid.NewGuid();
        var workflowId = NewWorkflowId();
        var first = Execution(shardId, ns, workflowId, Guid.NewGuid());
        await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range) { Creates = { BrandNew(first) }, History = { Node(first.RunId, 1) } });
        var next = Execution(shardId, ns, workflowId, Guid.NewGuid());
        await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range)
        {
            Updates = { new ExecutionUpdate(first with { DbRecordVersion = 2, State = WorkflowExecutionState.Completed, Status = 6 }, 1) },
            Creates = { new ExecutionCreate(next, Current(next, "req-can"), CreateMode.ContinueAsNew, first.RunId) },
            History = { Node(next.RunId, 1) },
        });

        await Store.Executions.DeleteExecutionAsync(shardId, range, ns, workflowId, first.RunId);
        await Store.History.DeleteBranchAsync(shardId, range, first.RunId, first.RunId);

        Assert.Null(await Store.Executions.GetExecutionAsync(shardId, ns, workflowId, first.RunId));
        Assert.NotNull(await Store.Executions.GetExecutionAsync(shardId, ns, workflowId, next.RunId));
        Assert.Equal(next.RunId, (await Store.Executions.GetCurrentExecutionAsync(shardId, ns, workflowId))!.RunId);
        Assert.Single((await Store.History.ReadAsync(shardId, next.RunId, next.RunId, 1, long.MaxValue, 10, null)).Items);
    }

    [Fact]
    public async Task DeleteRun_ShardAcquiredByAnotherHost_ThrowsOwnershipLostAndDeletesNothing()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var ns = Guid.NewGuid();
        var run = await WriteClosedRunWithHistoryAsync(shardId, range, ns, nodes: 2);
        await Store.Shards.AcquireShardAsync(shardId, "host-b", range);

        await Assert.ThrowsAsync<ShardOwnershipLostException>(() => Store.Executions.DeleteExecutionAsync(shardId, range, ns, run.WorkflowId, run.RunId));
        await Assert.ThrowsAsync<ShardOwnershipLostException>(() => Store.History.DeleteBranchAsync(shardId, range, run.RunId, run.RunId));

        Assert.NotNull(await Store.Executions.GetExecutionAsync(shardId, ns, run.WorkflowId, run.RunId));
        Assert.NotNull(await Store.Executions.GetCurrentExecutionAsync(shardId, ns, run.WorkflowId));
        Assert.NotNull(await Store.Visibility.GetAsync(ns, run.RunId));
        Assert.Equal(2, (await Store.History.ReadAsync(shardId, run.RunId, run.RunId, 1, long.MaxValue, 10, null)).Items.Count);
    }

    /// <summary>A completed run with its current pointer, history nodes and a visibility row carrying a search attribute.</summary>
    private async Task<WorkflowExecutionRecord> WriteClosedRunWithHistoryAsync(int shardId, long range, Guid ns, int nodes)
    {
        var run = Execution(shardId, ns, NewWorkflowId(), Guid.NewGuid(), state: WorkflowExecutionState.Completed, status: 2);
        var visibility = Visibility(ns, run.WorkflowId, run.RunId, "Order", 2, run.StartTime, close: run.StartTime)
            with { Attributes = [new SearchAttributeValue("Customer", 0, "acme", null, null, null, null)] };
        await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range) { Creates = { BrandNew(run) }, Visibility = { visibility } });
        for (var start = 0; start < nodes; start += 1_000)
        {
            var request = new ShardWriteRequest(shardId, range);
            request.History.AddRange(Enumerable.Range(start, Math.Min(1_000, nodes - start)).Select(i => Node(run.RunId, 1 + i)));
            await Store.Executions.WriteAsync(request);
        }
        return run;
    }
}
