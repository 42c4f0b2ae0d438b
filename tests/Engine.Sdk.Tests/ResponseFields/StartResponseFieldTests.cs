using Temporalio.Api.Enums.V1;

namespace Fencepost.Engine.Sdk.Tests.ResponseFields;

/// <summary>StartWorkflowExecutionResponse: run id, whether it started, and the run's status.</summary>
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

    public void Dispose() => _worker.Dispose();
}
