using Grpc.Core;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// A signal retried with its request id, as an SDK client or a parent's transfer task retries one
/// whose answer was lost: applied once, and answered as delivered even after the run has closed.
/// </summary>
public sealed class SignalRetryTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>, IDisposable
{
    private readonly RawWorkflowService _service = new(engine.Services);

    [Fact]
    public async Task SignalWorkflowExecution_SameRequestIdAfterTheRunClosed_SucceedsAndIsRecordedOnce()
    {
        var workflowId = NewId("signal-retry");
        await _service.StartAsync(new StartWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowId = workflowId,
            WorkflowType = new WorkflowType { Name = "RawWorkflow" },
            TaskQueue = new TaskQueue { Name = NewId("tq") },
            RequestId = Guid.NewGuid().ToString(),
        });
        var requestId = Guid.NewGuid().ToString();

        await SignalAsync(workflowId, requestId);
        await _service.TerminateAsync(workflowId, "closed before the signal's retry");
        await SignalAsync(workflowId, requestId);
        var fresh = await Assert.ThrowsAsync<RpcException>(() => SignalAsync(workflowId, Guid.NewGuid().ToString()));

        Assert.Equal(StatusCode.NotFound, fresh.StatusCode);
        var history = await _service.HistoryAsync(workflowId);
        Assert.Single(history, e => e.EventType == EventType.WorkflowExecutionSignaled);
        Assert.Equal(EventType.WorkflowExecutionTerminated, history[^1].EventType);
    }

    public void Dispose() => _service.Dispose();

    private Task<SignalWorkflowExecutionResponse> SignalAsync(string workflowId, string requestId) =>
        _service.CallAsync("SignalWorkflowExecution", new SignalWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowExecution = new WorkflowExecution { WorkflowId = workflowId },
            SignalName = "go",
            RequestId = requestId,
        }, SignalWorkflowExecutionResponse.Parser);
}
