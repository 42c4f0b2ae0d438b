using Fencepost.Engine.Sdk.Tests.ResponseFields;
using Fencepost.Engine.Sdk.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Worker;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// worker_poll_complete_on_shutdown: the namespace declares it, and ShutdownWorker ends the
/// worker's open polls empty at once (the engine holds an idle poll 60 s), so an SDK worker that
/// lets its polls return instead of abandoning them still stops promptly.
/// </summary>
public class WorkerShutdownTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>, IDisposable
{
    /// <summary>Far below the 60 s poll hold: a poll that waits for the hold fails the test.</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(15);

    private readonly RawWorker _raw = new(engine.Services);

    [Fact]
    public async Task DescribeNamespace_Default_DeclaresPollCompletionOnShutdown()
    {
        var described = await _raw.Service.CallAsync("DescribeNamespace", new DescribeNamespaceRequest { Namespace = "default" }, DescribeNamespaceResponse.Parser);

        Assert.True(described.NamespaceInfo.Capabilities.WorkerPollCompleteOnShutdown);
    }

    [Fact]
    public async Task ShutdownWorker_WithOpenPolls_TheyEndEmptyAndAnotherWorkersPollGetsTheNextTask()
    {
        var queue = NewId("tq");
        var leaving = Guid.NewGuid().ToString();
        var staying = Guid.NewGuid().ToString();
        var normal = PollWorkflowTask(new TaskQueue { Name = queue }, leaving);
        var sticky = PollWorkflowTask(new TaskQueue { Name = NewId("sticky"), Kind = TaskQueueKind.Sticky, NormalName = queue }, leaving);
        var activity = _raw.Service.CallAsync("PollActivityTaskQueue", new PollActivityTaskQueueRequest
        {
            Namespace = "default",
            TaskQueue = new TaskQueue { Name = queue },
            Identity = "leaving",
            WorkerInstanceKey = leaving,
        }, PollActivityTaskQueueResponse.Parser);
        var other = PollWorkflowTask(new TaskQueue { Name = queue }, staying);

        await ShutdownAsync(queue, leaving);

        var ended = await Task.WhenAll(normal, sticky).WaitAsync(Prompt);
        Assert.All(ended, poll => Assert.True(poll.TaskToken.IsEmpty));
        Assert.True((await activity.WaitAsync(Prompt)).TaskToken.IsEmpty);
        var late = await PollWorkflowTask(new TaskQueue { Name = queue }, leaving).WaitAsync(Prompt);
        Assert.True(late.TaskToken.IsEmpty, "A poll sent after its worker shut down should end at once.");
        Assert.False(other.IsCompleted, "Another worker's poll is not ended by this worker's shutdown.");

        var execution = await _raw.StartAsync(queue);
        var task = await other.WaitAsync(Prompt);

        Assert.Equal(execution, task.WorkflowExecution);
        await _raw.Service.TerminateAsync(execution.WorkflowId);
    }

    [Fact]
    public async Task TemporalWorker_StoppedAfterAWorkflow_StopsPromptly()
    {
        var queue = NewId("tq");
        using var stop = new CancellationTokenSource();
        using var worker = new TemporalWorker(Client, new TemporalWorkerOptions(queue).AddWorkflow<GreetingWorkflow>());
        var running = worker.ExecuteAsync(stop.Token);
        Assert.Equal("Hello, x!", await Client.ExecuteWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("x"), new WorkflowOptions(NewId("wf"), queue)).WaitAsync(Timeout));

        await stop.CancelAsync();

        var finished = await Task.WhenAny(running, Task.Delay(Prompt));
        Assert.True(finished == running, $"The worker did not stop within {Prompt.TotalSeconds} s: the engine did not end its polls.");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    public void Dispose() => _raw.Dispose();

    private Task<PollWorkflowTaskQueueResponse> PollWorkflowTask(TaskQueue queue, string workerInstanceKey) =>
        _raw.Service.CallAsync("PollWorkflowTaskQueue", new PollWorkflowTaskQueueRequest
        {
            Namespace = "default",
            TaskQueue = queue,
            Identity = workerInstanceKey,
            WorkerInstanceKey = workerInstanceKey,
        }, PollWorkflowTaskQueueResponse.Parser);

    private Task<ShutdownWorkerResponse> ShutdownAsync(string queue, string workerInstanceKey) =>
        _raw.Service.CallAsync("ShutdownWorker", new ShutdownWorkerRequest
        {
            Namespace = "default",
            Identity = workerInstanceKey,
            WorkerInstanceKey = workerInstanceKey,
            TaskQueue = queue,
            Reason = "test",
        }, ShutdownWorkerResponse.Parser);
}
