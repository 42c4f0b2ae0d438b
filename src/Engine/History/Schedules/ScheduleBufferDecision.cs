namespace Fencepost.Engine.History.Schedules;

/// <summary>What the overlap policies make of the buffered actions at one moment.</summary>
internal sealed class ScheduleBufferDecision
{
    /// <summary>ALLOW_ALL actions: all start now, untracked.</summary>
    public List<BufferedAction> StartUntracked { get; } = [];

    /// <summary>The one action that starts now as the schedule's (tracked) run, if any.</summary>
    public BufferedAction? StartTracked { get; set; }

    /// <summary>What stays buffered until the running workflow closes.</summary>
    public List<BufferedAction> Remaining { get; } = [];

    public bool CancelRunning { get; set; }

    public bool TerminateRunning { get; set; }

    public long Skipped { get; set; }
}
