using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Queues;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Fencepost.Engine.History;

/// <summary>
/// One change to a run, as pure logic: it edits the mutable state and collects the new history
/// events, outbox tasks and visibility change the shard writer then persists in one transaction.
/// The domain operations live in the partial files beside this one.
/// </summary>
internal sealed partial class WorkflowMutation(MutableState state, DateTimeOffset now)
{
    /// <summary>The id a buffered Started event's completion refers to until the buffer is flushed.</summary>
    internal const long PrecedingEventPlaceholder = -1;

    private const int MaxRememberedSignalRequestIds = 100;

    public MutableState State { get; } = state;

    public DateTimeOffset Now { get; } = now;

    public Timestamp NowTimestamp { get; } = Timestamp.FromDateTimeOffset(now);

    public List<HistoryEvent> Events { get; } = [];

    public List<NewShardTask> Tasks { get; } = [];

    public bool VisibilityChanged { get; set; }

    /// <summary>Set when the state changed without new events (activity started, heartbeat).</summary>
    public bool StateChanged { get; set; }

    /// <summary>The run this mutation closed; the current-run row moves to Completed with it.</summary>
    public bool ClosedRun { get; private set; }

    /// <summary>A run created by continue-as-new in the same write.</summary>
    public NewRunPlan? ContinuedRun { get; set; }

    public bool HasChanges => Events.Count > 0 || Tasks.Count > 0 || StateChanged || VisibilityChanged;

    public HistoryEvent NewEvent(EventType type) => new() { EventType = type, EventTime = NowTimestamp };

    /// <summary>
    /// Appends an event to history, or buffers it while a workflow task is started (it is appended
    /// after that task's completion and command events). Returns the event id, 0 when buffered.
    /// </summary>
    public long Append(HistoryEvent historyEvent, bool bufferable = true)
    {
        if (bufferable && State.WorkflowTaskStarted)
        {
            State.BufferedEvents.Add(historyEvent.ToByteArray());
            StateChanged = true;
            return 0;
        }
        historyEvent.EventId = State.NextEventId++;
        Events.Add(historyEvent);
        State.HistorySizeBytes += historyEvent.CalculateSize();
        return historyEvent.EventId;
    }

    /// <summary>Appends the buffered events with real ids, fixing completions that point at their Started event.</summary>
    public bool FlushBuffered()
    {
        if (State.BufferedEvents.Count == 0)
        {
            return false;
        }
        foreach (var bytes in State.BufferedEvents)
        {
            var buffered = HistoryEvent.Parser.ParseFrom(bytes);
            buffered.EventId = State.NextEventId++;
            FixStartedLink(buffered, buffered.EventId - 1);
            Events.Add(buffered);
            State.HistorySizeBytes += buffered.CalculateSize();
        }
        State.BufferedEvents.Clear();
        StateChanged = true;
        return true;
    }

    public void AddTransfer(ShardTaskKind kind, long eventId = 0, string taskQueue = "", int attempt = 0) =>
        Tasks.Add(new NewShardTask(ShardTaskCategory.Transfer, DateTimeOffset.MinValue, TaskData(kind, eventId, attempt, taskQueue)));

    public void AddTimer(DateTimeOffset fireAt, ShardTaskKind kind, long eventId = 0, int attempt = 0, int timeoutType = 0, string timerId = "", string taskQueue = "")
    {
        var data = TaskData(kind, eventId, attempt, taskQueue);
        data.TimeoutType = timeoutType;
        data.TimerId = timerId;
        Tasks.Add(new NewShardTask(ShardTaskCategory.Timer, TruncateToMilliseconds(fireAt), data));
    }

    /// <summary>Whether a signal with this (non-empty) request id was already applied to the run.</summary>
    public bool IsRememberedSignalRequest(string requestId) =>
        !string.IsNullOrEmpty(requestId) && State.SignalRequestIds.Contains(requestId);

    /// <summary>Remembers an applied signal's request id (the last 100 are kept); call after <see cref="IsRememberedSignalRequest"/>.</summary>
    public void RememberSignalRequest(string requestId)
    {
        if (string.IsNullOrEmpty(requestId))
        {
            return;
        }
        State.SignalRequestIds.Add(requestId);
        if (State.SignalRequestIds.Count > MaxRememberedSignalRequestIds)
        {
            State.SignalRequestIds.RemoveAt(0);
        }
    }

    internal static DateTimeOffset TruncateToMilliseconds(DateTimeOffset time) =>
        new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMillisecond), time.Offset);

    private ShardTaskData TaskData(ShardTaskKind kind, long eventId, int attempt, string taskQueue) => new()
    {
        Kind = kind,
        NamespaceId = State.NamespaceId,
        WorkflowId = State.WorkflowId,
        RunId = State.RunId,
        EventId = eventId,
        Attempt = attempt,
        TaskQueue = taskQueue,
    };

    private static void FixStartedLink(HistoryEvent historyEvent, long precedingId)
    {
        switch (historyEvent.AttributesCase)
        {
            case HistoryEvent.AttributesOneofCase.ActivityTaskCompletedEventAttributes when historyEvent.ActivityTaskCompletedEventAttributes.StartedEventId == PrecedingEventPlaceholder:
                historyEvent.ActivityTaskCompletedEventAttributes.StartedEventId = precedingId;
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskFailedEventAttributes when historyEvent.ActivityTaskFailedEventAttributes.StartedEventId == PrecedingEventPlaceholder:
                historyEvent.ActivityTaskFailedEventAttributes.StartedEventId = precedingId;
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskTimedOutEventAttributes when historyEvent.ActivityTaskTimedOutEventAttributes.StartedEventId == PrecedingEventPlaceholder:
                historyEvent.ActivityTaskTimedOutEventAttributes.StartedEventId = precedingId;
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskCanceledEventAttributes when historyEvent.ActivityTaskCanceledEventAttributes.StartedEventId == PrecedingEventPlaceholder:
                historyEvent.ActivityTaskCanceledEventAttributes.StartedEventId = precedingId;
                break;
            default:
                break;
        }
    }
}
