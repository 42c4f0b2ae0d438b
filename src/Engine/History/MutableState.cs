using Fencepost.Engine.History.Updates;
using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.History;

/// <summary>
/// One run's mutable state: everything the engine needs to act on the run without reading its
/// history. Persisted as JSON in the execution row's data (see <see cref="MutableStateSerializer"/>);
/// protobuf values it keeps are stored as their serialized bytes.
/// </summary>
internal sealed class MutableState
{
    public Guid NamespaceId { get; set; }
    public string Namespace { get; set; } = "";
    public string WorkflowId { get; set; } = "";
    public Guid RunId { get; set; }
    public Guid FirstRunId { get; set; }
    public string WorkflowType { get; set; } = "";
    public string TaskQueue { get; set; } = "";
    public string CreateRequestId { get; set; } = "";
    public long NextEventId { get; set; } = 1;
    /// <summary>The serialized size of the run's history so far (Temporal's history_size_bytes; 0 in states written before it was kept).</summary>
    public long HistorySizeBytes { get; set; }
    public long DbRecordVersion { get; set; }
    public WorkflowExecutionState State { get; set; } = WorkflowExecutionState.Running;
    /// <summary>Temporal's WorkflowExecutionStatus number.</summary>
    public int Status { get; set; } = 1;
    public DateTimeOffset StartTime { get; set; }
    public DateTimeOffset ExecutionTime { get; set; }
    public DateTimeOffset? CloseTime { get; set; }
    public long CloseEventId { get; set; }
    public TimeSpan TaskTimeout { get; set; }
    public TimeSpan? RunTimeout { get; set; }
    public TimeSpan? ExecutionTimeout { get; set; }
    /// <summary>When the whole chain (all continue-as-new runs) times out.</summary>
    public DateTimeOffset? ExecutionExpiration { get; set; }
    public long LastCompletedWorkflowTaskStartedEventId { get; set; }
    public WorkflowTaskInfo? WorkflowTask { get; set; }

    /// <summary>Why the last workflow task attempt failed or timed out (cleared when one completes), for "why is this stuck?".</summary>
    public string? LastWorkflowTaskFailure { get; set; }
    public Dictionary<long, ActivityInfo> Activities { get; set; } = [];
    public Dictionary<string, TimerInfo> Timers { get; set; } = [];
    public Dictionary<long, ChildInfo> Children { get; set; } = [];
    public Dictionary<long, ExternalRequestInfo> ExternalSignals { get; set; } = [];
    public Dictionary<long, ExternalRequestInfo> ExternalCancels { get; set; } = [];
    /// <summary>Events that arrived while a workflow task was started, serialized without ids.</summary>
    public List<byte[]> BufferedEvents { get; set; } = [];
    /// <summary>Request ids of recent signals, so the core's retried signals are applied once.</summary>
    public List<string> SignalRequestIds { get; set; } = [];
    /// <summary>Signals this run has received, for <see cref="RunLimitKeys.MaximumSignalsPerExecution"/>.</summary>
    public long SignalCount { get; set; }
    public bool CancelRequested { get; set; }
    /// <summary>Accepted and completed updates by update id (admitted ones live only in memory, see <see cref="RunUpdates"/>).</summary>
    public Dictionary<string, UpdateInfo> Updates { get; set; } = [];
    /// <summary>
    /// The last workflow task completion tried to close the run and was refused (UnhandledCommand):
    /// the workflow is deciding again, and new updates wait until it has (Temporal's "workflow is closing").
    /// </summary>
    public bool CloseAttempted { get; set; }
    public string CancelRequestId { get; set; } = "";
    public Guid? ParentNamespaceId { get; set; }
    public string? ParentNamespace { get; set; }
    public string? ParentWorkflowId { get; set; }
    public Guid? ParentRunId { get; set; }
    public long ParentInitiatedEventId { get; set; }
    public byte[]? Memo { get; set; }
    public byte[]? SearchAttributes { get; set; }
    public Guid? NewRunId { get; set; }
    /// <summary>The serialized ResetPoints: the first workflow task each worker build completed, in this run and the runs before it in the chain.</summary>
    public byte[]? AutoResetPoints { get; set; }
    /// <summary>This run's attempt under the workflow retry policy: 1 for a first run and for every cron run.</summary>
    public int Attempt { get; set; } = 1;
    /// <summary>
    /// The Started event's attributes, kept only for runs with a retry policy or a cron schedule:
    /// the run that follows a failure, timeout or cron fire starts from them without reading history.
    /// </summary>
    public byte[]? ChainStart { get; set; }
    /// <summary>The top-level workflow of a child tree (null in states written before it was kept: the run itself).</summary>
    public string? RootWorkflowId { get; set; }
    public Guid? RootRunId { get; set; }
    /// <summary>The workflow's start event is the first history node; kept for describe and continue-as-new.</summary>
    public DateTimeOffset? LastUpdateTime { get; set; }

    /// <summary>Set on a schedule's internal execution: the schedule and its scheduler's progress.</summary>
    public Schedules.SchedulerState? Scheduler { get; set; }
    /// <summary>The schedule that started this workflow chain (its close is reported to that schedule).</summary>
    public string? ScheduledBy { get; set; }

    public WorkflowKey Key => new(NamespaceId, WorkflowId, RunId);

    public bool IsRunning => State is WorkflowExecutionState.Running or WorkflowExecutionState.Created;

    public bool WorkflowTaskStarted => WorkflowTask is { StartedEventId: > 0 };
}
