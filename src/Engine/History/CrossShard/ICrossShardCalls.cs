namespace Fencepost.Engine.History.CrossShard;

/// <summary>
/// What a transfer task does to another workflow (a child, a parent, a signal or cancel target),
/// whose shard may be owned by another node. A single host applies each call in process; a cluster
/// node sends it to the owner of the target's shard. Every call is idempotent, because the transfer
/// queue retries a task until it succeeds, including after a call that took effect but whose
/// answer was lost.
/// </summary>
internal interface ICrossShardCalls
{
    Task<ChildStartResult> StartChildAsync(ChildStartRequest request, CancellationToken cancellationToken);

    /// <summary>False when the parent is gone or no longer waits for this child.</summary>
    Task<bool> RecordChildClosedAsync(ChildClosedNotice notice, CancellationToken cancellationToken);

    /// <summary>Delivered (now or by an earlier attempt), or why not: the target does not exist or is closed, or takes no more signals.</summary>
    Task<ExternalSignalResult> SignalExternalAsync(ExternalSignalRequest request, CancellationToken cancellationToken);

    /// <summary>True when the cancel request was recorded (now or earlier), false when the target does not exist or is closed.</summary>
    Task<bool> RequestCancelExternalAsync(ExternalCancelRequest request, CancellationToken cancellationToken);

    /// <summary>False when the child chain no longer exists or has already closed.</summary>
    Task<bool> ApplyParentClosePolicyAsync(ParentCloseRequest request, CancellationToken cancellationToken);

    /// <summary>Starts a schedule's action (or finds the run an earlier attempt started).</summary>
    Task<ScheduledStartResult> StartScheduledAsync(ScheduledStartRequest request, CancellationToken cancellationToken);

    /// <summary>False when the chain no longer exists or has already closed.</summary>
    Task<bool> StopScheduledRunAsync(ScheduledStopRequest request, CancellationToken cancellationToken);

    /// <summary>False when the schedule is gone or does not know the run.</summary>
    Task<bool> RecordScheduledRunClosedAsync(ScheduledRunClosedNotice notice, CancellationToken cancellationToken);
}
