namespace Fencepost.Engine.Queues;

/// <summary>What an outbox task asks the queue processors to do.</summary>
public enum ShardTaskKind
{
    // Transfer (immediate) tasks.
    DispatchWorkflowTask = 1,
    DispatchActivityTask = 2,
    StartChild = 3,
    SignalExternal = 4,
    CancelExternal = 5,
    CloseExecution = 6,
    /// <summary>A scheduler starts the workflow of one of its actions.</summary>
    ScheduleStart = 7,
    /// <summary>A scheduler cancels or terminates a run for its overlap policy.</summary>
    ScheduleStop = 8,

    // Timer tasks.
    UserTimer = 20,
    ActivityTimeout = 21,
    ActivityRetry = 22,
    WorkflowTaskTimeout = 23,
    WorkflowTimeout = 24,
    WorkflowTaskBackoff = 25,
    /// <summary>A scheduler's next action (or backfill step) is due.</summary>
    SchedulerWake = 26,
    /// <summary>A closed run's retention has passed: delete it (Temporal's DeleteHistoryEventTask).</summary>
    DeleteExecution = 27,
}
