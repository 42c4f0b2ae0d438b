using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.ConsoleWeb.Tests.Fakes;

/// <summary>Runs shaped like the engine's: an order workflow waiting on a retrying activity, and closed variants.</summary>
public static class SampleRuns
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 15, 0, 0, TimeSpan.Zero);

    public static Payloads Json(string json)
    {
        var payload = new Payload { Data = ByteString.CopyFromUtf8(json) };
        payload.Metadata.Add("encoding", ByteString.CopyFromUtf8("json/plain"));
        return new Payloads { Payloads_ = { payload } };
    }

    /// <summary>Started, one workflow task done, an activity scheduled and failing on attempt 3, a child started.</summary>
    public static StoredRun Running(string workflowId, string runId)
    {
        var events = new List<HistoryEvent>
        {
            Event(1, EventType.WorkflowExecutionStarted, e => e.WorkflowExecutionStartedEventAttributes = new WorkflowExecutionStartedEventAttributes
            {
                WorkflowType = new WorkflowType { Name = "OrderWorkflow" },
                TaskQueue = new TaskQueue { Name = "orders" },
                Input = Json("{\"orderId\":42}"),
                Identity = "worker-1@host-a",
                FirstExecutionRunId = runId,
                Attempt = 1,
            }),
            Event(2, EventType.WorkflowTaskScheduled, e => e.WorkflowTaskScheduledEventAttributes = new() { TaskQueue = new TaskQueue { Name = "orders" }, Attempt = 1 }),
            Event(3, EventType.WorkflowTaskStarted, e => e.WorkflowTaskStartedEventAttributes = new() { ScheduledEventId = 2, Identity = "worker-1@host-a" }),
            Event(4, EventType.WorkflowTaskCompleted, e => e.WorkflowTaskCompletedEventAttributes = new() { ScheduledEventId = 2, StartedEventId = 3, Identity = "worker-1@host-a" }),
            Event(5, EventType.ActivityTaskScheduled, e => e.ActivityTaskScheduledEventAttributes = new()
            {
                ActivityId = "charge-card",
                ActivityType = new ActivityType { Name = "ChargeCard" },
                TaskQueue = new TaskQueue { Name = "orders" },
                Input = Json("{\"amount\":1999}"),
            }),
            Event(6, EventType.StartChildWorkflowExecutionInitiated, e => e.StartChildWorkflowExecutionInitiatedEventAttributes = new()
            {
                WorkflowId = workflowId + "-shipping",
                WorkflowType = new WorkflowType { Name = "ShippingWorkflow" },
            }),
            Event(7, EventType.ChildWorkflowExecutionStarted, e => e.ChildWorkflowExecutionStartedEventAttributes = new()
            {
                InitiatedEventId = 6,
                WorkflowExecution = new WorkflowExecution { WorkflowId = workflowId + "-shipping", RunId = "child-run-1" },
                WorkflowType = new WorkflowType { Name = "ShippingWorkflow" },
            }),
        };
        var description = Describe(workflowId, runId, WorkflowExecutionStatus.Running, events.Count);
        description.PendingChildren.Add(new PendingChildExecutionInfo
        {
            WorkflowId = workflowId + "-shipping",
            RunId = "child-run-1",
            WorkflowTypeName = "ShippingWorkflow",
            InitiatedId = 6,
        });
        description.PendingActivities.Add(new PendingActivityInfo
        {
            ActivityId = "charge-card",
            ActivityType = new ActivityType { Name = "ChargeCard" },
            State = PendingActivityState.Scheduled,
            Attempt = 3,
            MaximumAttempts = 5,
            LastFailure = new Failure { Message = "card processor timed out" },
            LastHeartbeatTime = Timestamp.FromDateTimeOffset(Start.AddSeconds(20)),
            HeartbeatDetails = Json("\"step 2 of 4\""),
            LastWorkerIdentity = "worker-1@host-a",
        });
        return new StoredRun("default", description, events);
    }

    /// <summary>A run terminated by a console user, which had continued from a previous run.</summary>
    public static StoredRun Terminated(string workflowId, string runId, string previousRunId, string reason)
    {
        var events = new List<HistoryEvent>
        {
            Event(1, EventType.WorkflowExecutionStarted, e => e.WorkflowExecutionStartedEventAttributes = new WorkflowExecutionStartedEventAttributes
            {
                WorkflowType = new WorkflowType { Name = "OrderWorkflow" },
                TaskQueue = new TaskQueue { Name = "orders" },
                ContinuedExecutionRunId = previousRunId,
                FirstExecutionRunId = previousRunId,
                Initiator = ContinueAsNewInitiator.Workflow,
            }),
            Event(2, EventType.WorkflowExecutionTerminated, e => e.WorkflowExecutionTerminatedEventAttributes = new()
            {
                Reason = reason,
                Identity = "console:olga",
            }),
        };
        var description = Describe(workflowId, runId, WorkflowExecutionStatus.Terminated, events.Count);
        description.WorkflowExecutionInfo.CloseTime = Timestamp.FromDateTimeOffset(Start.AddMinutes(1));
        return new StoredRun("default", description, events);
    }

    /// <summary>
    /// A running run with three accepted updates: one an operator sent from the console that
    /// completed, one whose handler failed, and one still running.
    /// </summary>
    public static StoredRun WithUpdates(string workflowId, string runId)
    {
        var events = new List<HistoryEvent>
        {
            Event(1, EventType.WorkflowExecutionStarted, e => e.WorkflowExecutionStartedEventAttributes = new WorkflowExecutionStartedEventAttributes
            {
                WorkflowType = new WorkflowType { Name = "OrderWorkflow" },
                TaskQueue = new TaskQueue { Name = "orders" },
                FirstExecutionRunId = runId,
            }),
            Event(2, EventType.WorkflowTaskScheduled, e => e.WorkflowTaskScheduledEventAttributes = new() { TaskQueue = new TaskQueue { Name = "orders" }, Attempt = 1 }),
            Event(3, EventType.WorkflowTaskStarted, e => e.WorkflowTaskStartedEventAttributes = new() { ScheduledEventId = 2 }),
            Event(4, EventType.WorkflowTaskCompleted, e => e.WorkflowTaskCompletedEventAttributes = new() { ScheduledEventId = 2, StartedEventId = 3 }),
            Accepted(5, "addr-1", "SetAddress", "{\"city\":\"Oslo\"}", "console:olga", Fencepost.ConsoleWeb.Workflows.OperatorUpdate.HeaderFor("customer moved")),
            Event(6, EventType.WorkflowExecutionUpdateCompleted, e => e.WorkflowExecutionUpdateCompletedEventAttributes = new()
            {
                Meta = new Temporalio.Api.Update.V1.Meta { UpdateId = "addr-1" },
                AcceptedEventId = 5,
                Outcome = new Temporalio.Api.Update.V1.Outcome { Success = Json("\"address set\"") },
            }),
            Accepted(7, "refund-1", "Refund", "1999", "api-client", null),
            Event(8, EventType.WorkflowExecutionUpdateCompleted, e => e.WorkflowExecutionUpdateCompletedEventAttributes = new()
            {
                Meta = new Temporalio.Api.Update.V1.Meta { UpdateId = "refund-1" },
                AcceptedEventId = 7,
                Outcome = new Temporalio.Api.Update.V1.Outcome { Failure = new Failure { Message = "already refunded" } },
            }),
            Accepted(9, "wait-1", "WaitForStock", "", "api-client", null),
        };
        return new StoredRun("default", Describe(workflowId, runId, WorkflowExecutionStatus.Running, events.Count), events);
    }

    private static HistoryEvent Accepted(long id, string updateId, string name, string argument, string identity, Header? header) =>
        Event(id, EventType.WorkflowExecutionUpdateAccepted, e => e.WorkflowExecutionUpdateAcceptedEventAttributes = new()
        {
            ProtocolInstanceId = updateId,
            AcceptedRequestMessageId = updateId + "/request",
            AcceptedRequestSequencingEventId = id - 2,
            AcceptedRequest = new Temporalio.Api.Update.V1.Request
            {
                Meta = new Temporalio.Api.Update.V1.Meta { UpdateId = updateId, Identity = identity },
                Input = new Temporalio.Api.Update.V1.Input { Name = name, Args = argument.Length == 0 ? null : Json(argument), Header = header },
            },
        });

    private static DescribeWorkflowExecutionResponse Describe(string workflowId, string runId, WorkflowExecutionStatus status, int events) => new()
    {
        WorkflowExecutionInfo = new WorkflowExecutionInfo
        {
            Execution = new WorkflowExecution { WorkflowId = workflowId, RunId = runId },
            Type = new WorkflowType { Name = "OrderWorkflow" },
            TaskQueue = "orders",
            Status = status,
            StartTime = Timestamp.FromDateTimeOffset(Start),
            HistoryLength = events,
        },
    };

    /// <summary><see cref="Running"/> followed by signals until the history has <paramref name="eventCount"/> events.</summary>
    public static StoredRun RunningWithLongHistory(string workflowId, string runId, int eventCount)
    {
        var run = Running(workflowId, runId);
        var events = new List<HistoryEvent>(run.Events);
        for (var id = events.Count + 1; id <= eventCount; id++)
        {
            events.Add(Event(id, EventType.WorkflowExecutionSignaled, e => e.WorkflowExecutionSignaledEventAttributes = new() { SignalName = $"signal-{e.EventId}" }));
        }
        run.Description.WorkflowExecutionInfo.HistoryLength = eventCount;
        return run with { Events = events };
    }

    private static HistoryEvent Event(long id, EventType type, Action<HistoryEvent> attributes)
    {
        var e = new HistoryEvent { EventId = id, EventType = type, EventTime = Timestamp.FromDateTimeOffset(Start.AddSeconds(id)) };
        attributes(e);
        return e;
    }
}
