namespace Fencepost.Engine.History;

/// <summary>The run's outstanding workflow task (at most one).</summary>
internal sealed class WorkflowTaskInfo
{
    public long ScheduledEventId { get; set; }
    /// <summary>0 until a poller picks it up.</summary>
    public long StartedEventId { get; set; }
    public int Attempt { get; set; } = 1;
    public DateTimeOffset ScheduledTime { get; set; }
    public DateTimeOffset? StartedTime { get; set; }
    public string StartRequestId { get; set; } = "";
    public string Identity { get; set; } = "";
}
