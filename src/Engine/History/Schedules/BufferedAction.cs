namespace Fencepost.Engine.History.Schedules;

/// <summary>An action the schedule owes (a spec time, a trigger or a backfilled time) that has not started yet.</summary>
internal sealed class BufferedAction
{
    public DateTimeOffset NominalTime { get; set; }

    /// <summary>The nominal time plus jitter: when it was due.</summary>
    public DateTimeOffset ActualTime { get; set; }

    /// <summary>Temporal's ScheduleOverlapPolicy number; 0 means the schedule's policy at the time it is started.</summary>
    public int OverlapPolicy { get; set; }

    /// <summary>A trigger or a backfill: taken even while paused or out of actions, and never counted against them.</summary>
    public bool Manual { get; set; }
}
