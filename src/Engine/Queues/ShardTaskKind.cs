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

    // Timer tasks.
    UserTimer = 20,
    ActivityTimeout = 21,
    ActivityRetry = 22,
    WorkflowTaskTimeout = 23,
    WorkflowTimeout = 24,
    WorkflowTaskBackoff = 25,
}
