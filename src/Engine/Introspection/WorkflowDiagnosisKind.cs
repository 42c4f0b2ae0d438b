namespace Fencepost.Engine.Introspection;

/// <summary>What a run is waiting for, as a code a script can act on (the verdict says it in words).</summary>
public enum WorkflowDiagnosisKind
{
    /// <summary>The run has closed: nothing to wait for.</summary>
    Closed,

    /// <summary>The run's history shard has no owner on this node right now (it is moving or reloading).</summary>
    ShardNotOwned,

    /// <summary>A shard task of the run (a timer, a dispatch) is overdue: the shard's queue is not keeping up, or keeps failing it.</summary>
    ShardQueueBehind,

    /// <summary>A task waits in a queue no worker has polled recently.</summary>
    WaitingForWorker,

    /// <summary>The workflow task keeps failing or timing out (attempt above 1).</summary>
    WorkflowTaskFailing,

    /// <summary>A workflow task waits for a poller, and pollers are active.</summary>
    WorkflowTaskQueued,

    /// <summary>A worker is processing the workflow task.</summary>
    WorkflowTaskRunning,

    /// <summary>An activity keeps failing and waits for its next retry.</summary>
    ActivityFailing,

    /// <summary>An activity waits for a poller, and pollers are active.</summary>
    ActivityQueued,

    /// <summary>A worker is running an activity.</summary>
    ActivityRunning,

    /// <summary>The run waits for a timer it started.</summary>
    WaitingForTimer,

    /// <summary>The run waits for a child workflow.</summary>
    WaitingForChild,

    /// <summary>Nothing is pending: the run waits for a signal, an update or a cancellation.</summary>
    Idle,
}
