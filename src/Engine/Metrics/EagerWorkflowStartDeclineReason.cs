namespace Fencepost.Engine.Metrics;

/// <summary>
/// Why a start that asked for eager execution got no first workflow task in its response
/// (the <c>reason</c> tag of <c>fencepost.workflow.eager_declined</c>).
/// </summary>
public enum EagerWorkflowStartDeclineReason
{
    /// <summary>The namespace has <c>system.enableEagerWorkflowStart</c> off.</summary>
    Disabled,

    /// <summary>The start asked for a delay, so its first task waits for a timer.</summary>
    StartDelay,

    /// <summary>A cron workflow's first run waits for the schedule's first fire.</summary>
    Cron,

    /// <summary>
    /// A run that already existed answered: the USE_EXISTING conflict policy, or a retry of the
    /// same request whose eager task is no longer in flight.
    /// </summary>
    ExistingRun,
}
