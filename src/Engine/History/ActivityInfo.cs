namespace Fencepost.Engine.History;

/// <summary>A pending activity in a run's mutable state. The scheduled event carries everything fixed at scheduling.</summary>
internal sealed class ActivityInfo
{
    public long ScheduledEventId { get; set; }
    public string ActivityId { get; set; } = "";
    /// <summary>The serialized ActivityTaskScheduled event (type, queue, input, header, timeouts, retry policy).</summary>
    public byte[] ScheduledEvent { get; set; } = [];
    public DateTimeOffset FirstScheduledTime { get; set; }
    /// <summary>When the current attempt was (or will be) handed to matching.</summary>
    public DateTimeOffset ScheduledTime { get; set; }
    public int Attempt { get; set; } = 1;
    public bool Started { get; set; }
    public DateTimeOffset? StartedTime { get; set; }
    public string StartedIdentity { get; set; } = "";
    public string StartRequestId { get; set; } = "";
    public DateTimeOffset? LastHeartbeatTime { get; set; }
    public byte[]? HeartbeatDetails { get; set; }
    public bool CancelRequested { get; set; }
    public byte[]? LastFailure { get; set; }
    public string LastWorkerIdentity { get; set; } = "";
    /// <summary>True while the attempt waits for its retry backoff timer (not yet in matching).</summary>
    public bool WaitingForRetry { get; set; }
}
