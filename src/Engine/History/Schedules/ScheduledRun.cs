namespace Fencepost.Engine.History.Schedules;

/// <summary>A workflow the schedule started: for Describe's recent actions, and while it runs for the overlap policy.</summary>
internal sealed class ScheduledRun
{
    public string WorkflowId { get; set; } = "";

    /// <summary>The first run of the chain the schedule started (retries and continue-as-new keep it).</summary>
    public Guid RunId { get; set; }

    /// <summary>When it was due (after jitter).</summary>
    public DateTimeOffset ScheduleTime { get; set; }

    /// <summary>When it actually started.</summary>
    public DateTimeOffset ActualTime { get; set; }

    /// <summary>Temporal's WorkflowExecutionStatus number: Running until its close is reported.</summary>
    public int Status { get; set; } = 1;

    public bool Tracked { get; set; }

    /// <summary>The overlap policy asked for it to be cancelled (1) or terminated (2); sent once.</summary>
    public int StopRequested { get; set; }
}
