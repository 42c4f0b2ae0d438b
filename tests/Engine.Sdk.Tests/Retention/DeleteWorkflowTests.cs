using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Fencepost.Engine.Sdk.Tests.Retention;

/// <summary>DeleteWorkflowExecution through the .NET SDK's raw WorkflowService (the SDK has no handle method for it).</summary>
public class DeleteWorkflowTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>
{
    [Fact]
    public async Task DeleteWorkflowExecution_RunningRun_TerminatedAndDeletedWholeWhileAnotherRunIsKept()
    {
        var deleted = await StartAsync();
        var kept = await StartAsync();

        await DeleteAsync(deleted.Id, "");

        await AssertDeletedAsync(deleted);
        Assert.Equal(WorkflowExecutionStatus.Running, (await kept.DescribeAsync()).Status);
        Assert.Equal(1, (await Client.CountWorkflowsAsync($"WorkflowId = '{kept.Id}'")).Count);
    }

    [Fact]
    public async Task DeleteWorkflowExecution_ClosedRunWhoseWorkflowHasANewerRun_DeletesOnlyThatRun()
    {
        var first = await StartAsync();
        await first.TerminateAsync("replaced");
        var second = await StartAsync(first.Id);

        await DeleteAsync(first.Id, first.RunId!);

        await AssertDeletedAsync(first);
        var current = await Client.GetWorkflowHandle(first.Id).DescribeAsync();
        Assert.Equal((second.RunId, WorkflowExecutionStatus.Running), (current.RunId, current.Status));
    }

    [Fact]
    public async Task DeleteWorkflowExecution_UnknownWorkflowOrRun_NotFound()
    {
        var known = await StartAsync();

        var unknownWorkflow = await Assert.ThrowsAsync<RpcException>(() => DeleteAsync(NewId("wf"), ""));
        var unknownRun = await Assert.ThrowsAsync<RpcException>(() => DeleteAsync(known.Id, Guid.NewGuid().ToString()));

        Assert.Equal(RpcException.StatusCode.NotFound, unknownWorkflow.Code);
        Assert.Equal(RpcException.StatusCode.NotFound, unknownRun.Code);
        Assert.Equal(WorkflowExecutionStatus.Running, (await known.DescribeAsync()).Status);
    }

    [Fact]
    public async Task DeleteWorkflowExecution_NoWorkflowId_InvalidArgument()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(() => DeleteAsync("", ""));

        Assert.Equal(RpcException.StatusCode.InvalidArgument, missing.Code);
    }

    private async Task<WorkflowHandle> StartAsync(string? id = null)
    {
        var handle = await Client.StartWorkflowAsync("WaitForeverWorkflow", [], new WorkflowOptions(id ?? NewId("wf"), NewId("tq")));
        return Client.GetWorkflowHandle(handle.Id, runId: handle.ResultRunId);
    }

    private Task<DeleteWorkflowExecutionResponse> DeleteAsync(string workflowId, string runId) => Client.WorkflowService.DeleteWorkflowExecutionAsync(new DeleteWorkflowExecutionRequest
    {
        Namespace = "default",
        WorkflowExecution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = workflowId, RunId = runId },
    });

    private async Task AssertDeletedAsync(WorkflowHandle run)
    {
        var describe = await Assert.ThrowsAsync<RpcException>(() => run.DescribeAsync());
        Assert.Equal(RpcException.StatusCode.NotFound, describe.Code);
        var history = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var unused in run.FetchHistoryEventsAsync())
            {
            }
        });
        Assert.Equal(RpcException.StatusCode.NotFound, history.Code);
        Assert.Equal(0, (await Client.CountWorkflowsAsync($"RunId = '{run.RunId}'")).Count);
    }
}
