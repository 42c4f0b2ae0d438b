using System.Globalization;

namespace Fencepost.Engine.History.Diagnosis;

/// <summary>A span as an operator reads it: "45 s", "12 min", "3 h", "2 d".</summary>
internal static class DurationText
{
    public static string Of(TimeSpan span)
    {
        var s = span.Duration();
        return s.TotalSeconds < 90 ? Whole(s.TotalSeconds, "s")
            : s.TotalMinutes < 90 ? Whole(s.TotalMinutes, "min")
            : s.TotalHours < 48 ? Whole(s.TotalHours, "h")
            : Whole(s.TotalDays, "d");
    }

    private static string Whole(double value, string unit) => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(value):0} {unit}");
}
