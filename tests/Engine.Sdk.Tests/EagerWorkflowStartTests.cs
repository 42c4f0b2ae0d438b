using Fencepost.Engine.History;
using Fencepost.Engine.Metrics;
using Fencepost.Engine.Sdk.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Client;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// Temporal's eager workflow start with the real SDK: a client whose worker polls the workflow's
/// task queue asks for the first workflow task in the start response, and the worker runs it
/// without a trip through matching.
/// </summary>
public sealed class EagerWorkflowStartTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>, IDisposable
{
    private System.Diagnostics.Metrics.MeterListener? _listener;
    private long _eagerStarts;

    [Fact]
    public async Task ExecuteWorkflow_RequestEagerStartWithAWorkerOnTheSameClient_FirstTaskIsStartedInTheStartsWrite()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        ListenToEagerStarts();
        using var declines = new EagerStartDeclineRecorder(Engine.Services);

        var result = await RunWithWorkerAsync(queue,
            () => Client.ExecuteWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("eager"), new WorkflowOptions(id, queue) { RequestEagerStart = true }),
            o => o.AddWorkflow<GreetingWorkflow>());

        Assert.Equal("Hello, eager!", result);
        Assert.Equal(1, Interlocked.Read(ref _eagerStarts));
        Assert.Empty(declines.Reasons);
        var events = (await Client.GetWorkflowHandle(id).FetchHistoryAsync()).Events.ToList();
        Assert.Equal([EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted, EventType.WorkflowTaskCompleted, EventType.WorkflowExecutionCompleted],
            events.Select(e => e.EventType));
        // One write stamps its events with one time; a task started by a poll after matching is later.
        Assert.Equal(events[0].EventTime, StartedEvent(events).EventTime);
    }

    [Fact]
    public async Task ExecuteWorkflow_EagerStartDisabledForTheNamespace_FirstTaskGoesThroughMatching()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        using var eagerOff = SetForDefaultNamespace(HistoryConfigKeys.EnableEagerWorkflowStart, false);
        ListenToEagerStarts();
        using var declines = new EagerStartDeclineRecorder(Engine.Services);

        var result = await RunWithWorkerAsync(queue,
            () => Client.ExecuteWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("matched"), new WorkflowOptions(id, queue) { RequestEagerStart = true }),
            o => o.AddWorkflow<GreetingWorkflow>());

        Assert.Equal("Hello, matched!", result);
        Assert.Equal(0, Interlocked.Read(ref _eagerStarts));
        Assert.Equal(["disabled"], declines.Reasons);
        var events = (await Client.GetWorkflowHandle(id).FetchHistoryAsync()).Events.ToList();
        Assert.NotEqual(events[0].EventTime, StartedEvent(events).EventTime);
    }

    public void Dispose() => _listener?.Dispose();

    private void ListenToEagerStarts() =>
        _listener = EngineMeterListener.Listen<long>(Engine.Services, EngineInstruments.MeterName, "fencepost.workflow.eager_started",
            (_, value, _, _) => Interlocked.Add(ref _eagerStarts, value));

    private static HistoryEvent StartedEvent(IReadOnlyList<HistoryEvent> events) => events.First(e => e.EventType == EventType.WorkflowTaskStarted);
}
