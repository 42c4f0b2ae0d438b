using Fencepost.Engine.Sdk.Tests.Workflows;
using Temporalio.Client;
using Temporalio.Worker;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>The basic flows with the unmodified Temporalio client and worker.</summary>
public class WorkflowFlowTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private async Task<T> RunWithWorkerAsync<T>(string taskQueue, Func<Task<T>> body, Action<TemporalWorkerOptions>? configure = null)
    {
        var options = new TemporalWorkerOptions(taskQueue);
        configure?.Invoke(options);
        using var worker = new TemporalWorker(engine.Client, options);
        return await worker.ExecuteAsync(() => body().WaitAsync(Timeout));
    }

    [Fact]
    public async Task ExecuteWorkflow_CompletesInOneTask_ReturnsResult()
    {
        var queue = NewId("tq");
        var result = await RunWithWorkerAsync(queue,
            () => engine.Client.ExecuteWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("Fencepost"), new WorkflowOptions(NewId("wf"), queue)),
            o => o.AddWorkflow<GreetingWorkflow>());
        Assert.Equal("Hello, Fencepost!", result);
    }

    [Fact]
    public async Task ExecuteWorkflow_WithActivity_ReturnsActivityResult()
    {
        var queue = NewId("tq");
        var result = await RunWithWorkerAsync(queue,
            () => engine.Client.ExecuteWorkflowAsync((ActivityWorkflow wf) => wf.RunAsync("Ada"), new WorkflowOptions(NewId("wf"), queue)),
            o => o.AddWorkflow<ActivityWorkflow>().AddAllActivities(typeof(GreetingActivities), null));
        Assert.Equal("Hi from an activity, Ada", result);
    }

    [Fact]
    public async Task ExecuteWorkflow_WithTimer_FiresAfterDelay()
    {
        var queue = NewId("tq");
        var result = await RunWithWorkerAsync(queue,
            () => engine.Client.ExecuteWorkflowAsync((TimerWorkflow wf) => wf.RunAsync(300), new WorkflowOptions(NewId("wf"), queue)),
            o => o.AddWorkflow<TimerWorkflow>());
        Assert.Equal("fired", result);
    }

    [Fact]
    public async Task Signal_RunningWorkflow_DeliversInOrderAndQueryable()
    {
        var queue = NewId("tq");
        var result = await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await engine.Client.StartWorkflowAsync((SignalWorkflow wf) => wf.RunAsync(), new WorkflowOptions(NewId("wf"), queue));
            await handle.SignalAsync(wf => wf.AddAsync("a"));
            await handle.SignalAsync(wf => wf.AddAsync("b"));
            var whileRunning = await handle.QueryAsync(wf => wf.Received);
            Assert.StartsWith("a", whileRunning, StringComparison.Ordinal);
            await handle.SignalAsync(wf => wf.AddAsync("done"));
            var final = await handle.GetResultAsync();
            var afterClose = await handle.QueryAsync(wf => wf.Received);
            Assert.Equal(final, afterClose);
            return final;
        }, o => o.AddWorkflow<SignalWorkflow>());
        Assert.Equal("a,b,done", result);
    }

    [Fact]
    public async Task SignalWithStart_NoRunningWorkflow_StartsAndDeliversSignal()
    {
        var queue = NewId("tq");
        var result = await RunWithWorkerAsync(queue, async () =>
        {
            var options = new WorkflowOptions(NewId("wf"), queue);
            options.SignalWithStart((SignalWorkflow wf) => wf.AddAsync("first"));
            var handle = await engine.Client.StartWorkflowAsync((SignalWorkflow wf) => wf.RunAsync(), options);
            var again = new WorkflowOptions(handle.Id, queue);
            again.SignalWithStart((SignalWorkflow wf) => wf.AddAsync("done"));
            await engine.Client.StartWorkflowAsync((SignalWorkflow wf) => wf.RunAsync(), again);
            return await handle.GetResultAsync();
        }, o => o.AddWorkflow<SignalWorkflow>());
        Assert.Equal("first,done", result);
    }
}
