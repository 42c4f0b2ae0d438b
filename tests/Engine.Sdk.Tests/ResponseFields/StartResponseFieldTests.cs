using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Sdk.Tests.ResponseFields;

/// <summary>StartWorkflowExecutionResponse (run id, whether it started, the run's status) and SignalWithStartWorkflowExecutionResponse (run id, whether it started).</summary>
public sealed class StartResponseFieldTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>, IDisposable
{
    private readonly RawWorker _worker = new(engine.Services);

    [Fact]
    public async Task StartWorkflowExecution_NewRetriedAndExisting_FillRunIdStartedAndStatus()
    {
        var request = RawWorker.NewStart(NewId("tq"));

        var started = await _worker.Service.StartAsync(request);
        var retried = await _worker.Service.StartAsync(request);
        var other = RawWorker.NewStart(request.TaskQueue.Name);
        other.WorkflowId = request.WorkflowId;
        other.WorkflowIdConflictPolicy = WorkflowIdConflictPolicy.UseExisting;
        var existing = await _worker.Service.StartAsync(other);

        Assert.True(Guid.TryParse(started.RunId, out _));
        Assert.True(started.Started);
        Assert.Equal(WorkflowExecutionStatus.Running, started.Status);
        Assert.Equal((started.RunId, true, WorkflowExecutionStatus.Running), (retried.RunId, retried.Started, retried.Status));
        Assert.Equal((started.RunId, false, WorkflowExecutionStatus.Running), (existing.RunId, existing.Started, existing.Status));
        await _worker.Service.TerminateAsync(request.WorkflowId);

        var afterClose = await _worker.Service.StartAsync(request);

        Assert.Equal((started.RunId, true, WorkflowExecutionStatus.Terminated), (afterClose.RunId, afterClose.Started, afterClose.Status));
    }

    [Fact]
    public async Task SignalWithStartWorkflowExecution_NewThenRunning_FillRunIdAndStarted()
    {
        var start = RawWorker.NewStart(NewId("tq"));
        SignalWithStartWorkflowExecutionRequest Request() => new()
        {
            Namespace = start.Namespace,
            WorkflowId = start.WorkflowId,
            WorkflowType = start.WorkflowType,
            TaskQueue = start.TaskQueue,
            RequestId = Guid.NewGuid().ToString(),
            Identity = RawWorker.Identity,
            SignalName = "poke",
            SignalInput = new Temporalio.Api.Common.V1.Payloads { Payloads_ = { RawWorker.Json("hello") } },
        };

        var first = await _worker.Service.CallAsync("SignalWithStartWorkflowExecution", Request(), SignalWithStartWorkflowExecutionResponse.Parser);
        var second = await _worker.Service.CallAsync("SignalWithStartWorkflowExecution", Request(), SignalWithStartWorkflowExecutionResponse.Parser);
        await _worker.Service.TerminateAsync(start.WorkflowId);

        Assert.True(Guid.TryParse(first.RunId, out _), $"run id '{first.RunId}'");
        Assert.True(first.Started);
        Assert.Equal((first.RunId, false), (second.RunId, second.Started));
    }

    public void Dispose() => _worker.Dispose();
}
