using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Schedule.V1;

namespace Fencepost.ConsoleWeb.Schedules;

/// <summary>
/// A schedule spec in plain words, as the engine describes it (calendars and cron strings already
/// turned into structured calendars): "every day at 02:00 Europe/Berlin", "every 5 minutes",
/// "every Monday and Friday at 09:30 UTC". What has no short phrase is spelled out field by field.
/// </summary>
public static class ScheduleSpecText
{
    public static string Describe(ScheduleSpec? spec)
    {
        if (spec is null)
        {
            return "never (no spec)";
        }
        var zone = string.IsNullOrEmpty(spec.TimezoneName) ? "UTC" : spec.TimezoneName;
        var parts = new List<string>();
        parts.AddRange(spec.StructuredCalendar.Select(c => CalendarText.Describe(c) + " " + zone + Comment(c.Comment)));
        parts.AddRange(spec.Interval.Select(Interval));
        var text = parts.Count == 0 ? "never (the spec matches no time)" : string.Join("; and ", parts);
        if (spec.ExcludeStructuredCalendar.Count > 0)
        {
            text += "; except " + string.Join(" or ", spec.ExcludeStructuredCalendar.Select(CalendarText.Describe)) + " " + zone;
        }
        if (spec.StartTime is { } start)
        {
            text += $"; from {Utc(start)}";
        }
        if (spec.EndTime is { } end)
        {
            text += $"; until {Utc(end)}";
        }
        if (spec.Jitter is { } jitter && jitter.ToTimeSpan() > TimeSpan.Zero)
        {
            text += $"; each up to {Duration(jitter.ToTimeSpan())} late (jitter)";
        }
        return text;
    }

    /// <summary>"every 5 minutes", "every day, offset by 2 hours".</summary>
    public static string Interval(IntervalSpec interval)
    {
        var every = interval.Interval?.ToTimeSpan() ?? TimeSpan.Zero;
        var text = "every " + Every(every);
        if (interval.Phase is { } phase && phase.ToTimeSpan() > TimeSpan.Zero)
        {
            text += $", offset by {Duration(phase.ToTimeSpan())}";
        }
        return text;
    }

    /// <summary>A length in the largest whole unit: "5 minutes", "1 hour", "90 seconds".</summary>
    public static string Duration(TimeSpan span)
    {
        var (count, unit) = Unit(span);
        return $"{count.ToString(CultureInfo.InvariantCulture)} {unit}{(count == 1 ? "" : "s")}";
    }

    public static string Utc(Timestamp time) =>
        time.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    private static string Every(TimeSpan span)
    {
        var (count, unit) = Unit(span);
        return count == 1 ? unit : $"{count.ToString(CultureInfo.InvariantCulture)} {unit}s";
    }

    private static (long Count, string Unit) Unit(TimeSpan span)
    {
        foreach (var (size, name) in (ReadOnlySpan<(TimeSpan, string)>)[(TimeSpan.FromDays(1), "day"), (TimeSpan.FromHours(1), "hour"), (TimeSpan.FromMinutes(1), "minute"), (TimeSpan.FromSeconds(1), "second")])
        {
            if (span >= size && span.Ticks % size.Ticks == 0)
            {
                return (span.Ticks / size.Ticks, name);
            }
        }
        return ((long)span.TotalMilliseconds, "millisecond");
    }

    private static string Comment(string comment) => string.IsNullOrWhiteSpace(comment) ? "" : $" ({comment.Trim()})";
}
