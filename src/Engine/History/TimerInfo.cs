namespace Fencepost.Engine.History;

/// <summary>A pending user timer.</summary>
internal sealed class TimerInfo
{
    public string TimerId { get; set; } = "";
    public long StartedEventId { get; set; }
    public DateTimeOffset ExpiryTime { get; set; }
}
