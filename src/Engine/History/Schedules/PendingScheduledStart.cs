namespace Fencepost.Engine.History.Schedules;

/// <summary>
/// A start the schedule decided on and wrote together with its ScheduleStart transfer task. The
/// request id and workflow id are fixed here, so a retried task (after a restart, a shard move, a
/// lost answer) finds the run it already started instead of starting another.
/// </summary>
internal sealed class PendingScheduledStart
{
    public string RequestId { get; set; } = "";

    public string WorkflowId { get; set; } = "";

    public DateTimeOffset NominalTime { get; set; }

    public DateTimeOffset ActualTime { get; set; }

    public bool Manual { get; set; }

    /// <summary>Not ALLOW_ALL: counts as running for the overlap policy while it starts and runs.</summary>
    public bool Tracked { get; set; }

    /// <summary>The run closed (its close was reported) before its start was recorded: that status, else 0.</summary>
    public int ClosedStatus { get; set; }
}
