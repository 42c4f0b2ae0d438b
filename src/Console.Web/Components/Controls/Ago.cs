namespace Fencepost.ConsoleWeb.Components.Controls;

/// <summary>Durations the way an operator reads them at a glance: "4 s", "3 min", "2 h".</summary>
public static class Ago
{
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }
        return span.TotalSeconds < 90 ? $"{span.TotalSeconds:0} s"
            : span.TotalMinutes < 90 ? $"{span.TotalMinutes:0} min"
            : span.TotalHours < 48 ? $"{span.TotalHours:0} h"
            : $"{span.TotalDays:0} d";
    }
}
