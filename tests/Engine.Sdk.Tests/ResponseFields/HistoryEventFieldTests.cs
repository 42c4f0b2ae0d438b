using Fencepost.Engine.Sdk.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Client;

namespace Fencepost.Engine.Sdk.Tests.ResponseFields;

/// <summary>
/// History events as GetWorkflowExecutionHistory returns them: ids, times and attributes, and per
/// event type the fields Temporal's server fills and an SDK reads. A type without a rule fails the
/// test, so a new kind of event gets its fields checked when it first appears.
/// </summary>
public sealed class HistoryEventFieldTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>, IDisposable
{
    private readonly RawWorker _worker = new(engine.Services);

    private static readonly Dictionary<EventType, Action<HistoryEvent, IReadOnlyList<HistoryEvent>>> Rules = new()
    {
        [EventType.WorkflowExecutionStarted] = (e, _) =>
        {
            var a = e.WorkflowExecutionStartedEventAttributes;
            Assert.NotEmpty(a.WorkflowId);
            Assert.NotEmpty(a.WorkflowType.Name);
            Assert.Equal(TaskQueueKind.Normal, a.TaskQueue.Kind);
            Assert.NotEmpty(a.TaskQueue.Name);
            Assert.NotNull(a.WorkflowTaskTimeout);
            Assert.NotEmpty(a.OriginalExecutionRunId);
            Assert.NotEmpty(a.FirstExecutionRunId);
            Assert.True(a.Attempt >= 1);
            // Identity only when a client started it: Temporal starts children and later runs without one.
            Assert.NotEmpty(a.RootWorkflowExecution.WorkflowId);
        },
        [EventType.WorkflowTaskScheduled] = (e, _) =>
        {
            var a = e.WorkflowTaskScheduledEventAttributes;
            Assert.Equal(TaskQueueKind.Normal, a.TaskQueue.Kind);
            Assert.NotNull(a.StartToCloseTimeout);
            Assert.True(a.Attempt >= 1);
        },
        [EventType.WorkflowTaskStarted] = (e, events) =>
        {
            var a = e.WorkflowTaskStartedEventAttributes;
            Assert.Equal(EventType.WorkflowTaskScheduled, At(events, a.ScheduledEventId).EventType);
            Assert.NotEmpty(a.Identity);
            Assert.NotEmpty(a.RequestId);
            Assert.True(a.HistorySizeBytes > 0);
        },
        [EventType.WorkflowTaskCompleted] = (e, events) =>
        {
            var a = e.WorkflowTaskCompletedEventAttributes;
            Assert.Equal(EventType.WorkflowTaskScheduled, At(events, a.ScheduledEventId).EventType);
            Assert.Equal(EventType.WorkflowTaskStarted, At(events, a.StartedEventId).EventType);
            Assert.NotEmpty(a.Identity);
            // The namespace declares sdk_metadata, so what the worker sent is recorded.
            Assert.NotNull(a.SdkMetadata);
        },
        [EventType.ActivityTaskScheduled] = (e, events) =>
        {
            var a = e.ActivityTaskScheduledEventAttributes;
            Assert.NotEmpty(a.ActivityId);
            Assert.NotEmpty(a.ActivityType.Name);
            Assert.NotEmpty(a.TaskQueue.Name);
            Assert.NotNull(a.ScheduleToCloseTimeout);
            Assert.NotNull(a.ScheduleToStartTimeout);
            Assert.NotNull(a.StartToCloseTimeout);
            Assert.NotNull(a.HeartbeatTimeout);
            Assert.NotNull(a.RetryPolicy.InitialInterval);
            Assert.NotNull(a.RetryPolicy.MaximumInterval);
            Assert.True(a.RetryPolicy.BackoffCoefficient >= 1);
            Assert.Equal(EventType.WorkflowTaskCompleted, At(events, a.WorkflowTaskCompletedEventId).EventType);
        },
        [EventType.ActivityTaskStarted] = (e, events) =>
        {
            var a = e.ActivityTaskStartedEventAttributes;
            Assert.Equal(EventType.ActivityTaskScheduled, At(events, a.ScheduledEventId).EventType);
            Assert.NotEmpty(a.Identity);
            Assert.NotEmpty(a.RequestId);
            Assert.True(a.Attempt >= 1);
        },
        [EventType.ActivityTaskCompleted] = (e, events) =>
        {
            var a = e.ActivityTaskCompletedEventAttributes;
            Assert.Equal(EventType.ActivityTaskScheduled, At(events, a.ScheduledEventId).EventType);
            Assert.Equal(EventType.ActivityTaskStarted, At(events, a.StartedEventId).EventType);
            Assert.NotEmpty(a.Identity);
            Assert.NotNull(a.Result);
        },
        [EventType.TimerStarted] = (e, events) =>
        {
            var a = e.TimerStartedEventAttributes;
            Assert.NotEmpty(a.TimerId);
            Assert.NotNull(a.StartToFireTimeout);
            Assert.Equal(EventType.WorkflowTaskCompleted, At(events, a.WorkflowTaskCompletedEventId).EventType);
        },
        [EventType.TimerFired] = (e, events) =>
        {
            var a = e.TimerFiredEventAttributes;
            Assert.Equal(At(events, a.StartedEventId).TimerStartedEventAttributes.TimerId, a.TimerId);
        },
        [EventType.StartChildWorkflowExecutionInitiated] = (e, events) =>
        {
            var a = e.StartChildWorkflowExecutionInitiatedEventAttributes;
            Assert.NotEmpty(a.Namespace);
            Assert.NotEmpty(a.WorkflowId);
            Assert.NotEmpty(a.WorkflowType.Name);
            Assert.NotEmpty(a.TaskQueue.Name);
            Assert.NotNull(a.WorkflowTaskTimeout);
            Assert.Equal(EventType.WorkflowTaskCompleted, At(events, a.WorkflowTaskCompletedEventId).EventType);
        },
        [EventType.ChildWorkflowExecutionStarted] = (e, events) =>
        {
            var a = e.ChildWorkflowExecutionStartedEventAttributes;
            Assert.NotEmpty(a.Namespace);
            Assert.NotEmpty(a.NamespaceId);
            Assert.Equal(EventType.StartChildWorkflowExecutionInitiated, At(events, a.InitiatedEventId).EventType);
            Assert.NotEmpty(a.WorkflowExecution.WorkflowId);
            Assert.NotEmpty(a.WorkflowExecution.RunId);
            Assert.NotEmpty(a.WorkflowType.Name);
        },
        [EventType.ChildWorkflowExecutionCompleted] = (e, events) =>
        {
            var a = e.ChildWorkflowExecutionCompletedEventAttributes;
            Assert.NotEmpty(a.Namespace);
            Assert.NotEmpty(a.NamespaceId);
            Assert.NotEmpty(a.WorkflowExecution.RunId);
            Assert.NotEmpty(a.WorkflowType.Name);
            Assert.Equal(EventType.StartChildWorkflowExecutionInitiated, At(events, a.InitiatedEventId).EventType);
            Assert.Equal(EventType.ChildWorkflowExecutionStarted, At(events, a.StartedEventId).EventType);
            Assert.NotNull(a.Result);
        },
        [EventType.MarkerRecorded] = (e, events) =>
        {
            var a = e.MarkerRecordedEventAttributes;
            Assert.NotEmpty(a.MarkerName);
            Assert.NotEmpty(a.Details);
            Assert.Equal(EventType.WorkflowTaskCompleted, At(events, a.WorkflowTaskCompletedEventId).EventType);
        },
        [EventType.UpsertWorkflowSearchAttributes] = (e, events) =>
        {
            var a = e.UpsertWorkflowSearchAttributesEventAttributes;
            Assert.NotEmpty(a.SearchAttributes.IndexedFields);
            Assert.Equal(EventType.WorkflowTaskCompleted, At(events, a.WorkflowTaskCompletedEventId).EventType);
        },
        [EventType.WorkflowExecutionSignaled] = (e, _) =>
        {
            var a = e.WorkflowExecutionSignaledEventAttributes;
            Assert.NotEmpty(a.SignalName);
            Assert.NotEmpty(a.Identity);
        },
        [EventType.WorkflowExecutionCompleted] = (e, events) =>
        {
            var a = e.WorkflowExecutionCompletedEventAttributes;
            Assert.NotNull(a.Result);
            Assert.Equal(EventType.WorkflowTaskCompleted, At(events, a.WorkflowTaskCompletedEventId).EventType);
        },
    };

    [Fact]
    public async Task GetWorkflowExecutionHistory_ParentAndChild_EveryEventHasWhatTemporalFills()
    {
        var queue = NewId("tq");
        var workflowId = NewId("every-event");
        var childId = NewId("every-event-child");
        await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((EveryEventWorkflow wf) => wf.RunAsync(childId), new WorkflowOptions(workflowId, queue));
            await handle.SignalAsync(wf => wf.GoAsync());
            return await handle.GetResultAsync();
        }, o => o.AddWorkflow<EveryEventWorkflow>().AddWorkflow<GreetingWorkflow>().AddActivity(GreetingActivities.Greet));

        var parent = await _worker.Service.HistoryAsync(workflowId);
        var child = await _worker.Service.HistoryAsync(childId);

        CheckEvents(parent);
        CheckEvents(child);
        Assert.Contains(parent, e => e.EventType == EventType.MarkerRecorded);
        Assert.Contains(parent, e => e.EventType == EventType.ChildWorkflowExecutionCompleted);
        Assert.NotEmpty(parent[0].WorkflowExecutionStartedEventAttributes.Identity);
        var childStart = child[0].WorkflowExecutionStartedEventAttributes;
        Assert.Equal(workflowId, childStart.ParentWorkflowExecution.WorkflowId);
        Assert.NotEmpty(childStart.ParentWorkflowExecution.RunId);
        Assert.Equal("default", childStart.ParentWorkflowNamespace);
        Assert.NotEmpty(childStart.ParentWorkflowNamespaceId);
        Assert.True(childStart.ParentInitiatedEventId > 0);
        Assert.Equal(workflowId, childStart.RootWorkflowExecution.WorkflowId);
    }

    public void Dispose() => _worker.Dispose();

    private static void CheckEvents(IReadOnlyList<HistoryEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            Assert.Equal(i + 1, e.EventId);
            Assert.NotNull(e.EventTime);
            Assert.Equal($"{e.EventType}EventAttributes", e.AttributesCase.ToString());
            Assert.True(Rules.TryGetValue(e.EventType, out var rule), $"No field rule for {e.EventType}: add one to {nameof(HistoryEventFieldTests)}.");
            rule(e, events);
        }
    }

    private static HistoryEvent At(IReadOnlyList<HistoryEvent> events, long eventId)
    {
        Assert.InRange(eventId, 1, events.Count);
        return events[(int)eventId - 1];
    }
}
