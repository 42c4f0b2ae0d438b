namespace Fencepost.ConsoleWeb.Workflows;

/// <summary>A WorkflowTaskCompleted event a run can be reset to, with when it happened.</summary>
public sealed record ResetPointOption(long EventId, DateTimeOffset Time)
{
    public string Label => $"Event {EventId}: workflow task completed {Time.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC";
}
