namespace Fencepost.ConsoleWeb.Data;

/// <summary>Names one schedule: the detail page's URL parts.</summary>
public sealed record ScheduleRef(string Namespace, string ScheduleId)
{
    /// <summary>The detail page of this schedule (each part escaped, since ids may hold slashes).</summary>
    public string DetailPath => $"/schedules/{Uri.EscapeDataString(Namespace)}/{Uri.EscapeDataString(ScheduleId)}";
}
