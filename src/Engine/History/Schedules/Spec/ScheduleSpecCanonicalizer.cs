using Temporalio.Api.Schedule.V1;

// ExcludeCalendar is deprecated in the API but older clients still send it; it is read like Calendar.
#pragma warning disable CS0612

namespace Fencepost.Engine.History.Schedules.Spec;

/// <summary>
/// Checks a schedule spec and rewrites it in the form Temporal stores and describes: calendars and
/// cron strings become structured calendars (and @every intervals), a cron string's time zone moves
/// to <c>TimezoneName</c>. Every problem is a <see cref="ScheduleSpecException"/> naming the field.
/// </summary>
internal static class ScheduleSpecCanonicalizer
{
    public const int MaxCommentLength = 200;

    public static ScheduleSpec Canonicalize(ScheduleSpec? input)
    {
        var spec = input?.Clone() ?? new ScheduleSpec();
        for (var i = 0; i < spec.Calendar.Count; i++)
        {
            spec.StructuredCalendar.Add(CalendarRangeParser.Parse(spec.Calendar[i], $"Spec.Calendar[{i}]"));
        }
        spec.Calendar.Clear();
        for (var i = 0; i < spec.ExcludeCalendar.Count; i++)
        {
            spec.ExcludeStructuredCalendar.Add(CalendarRangeParser.Parse(spec.ExcludeCalendar[i], $"Spec.ExcludeCalendar[{i}]"));
        }
        spec.ExcludeCalendar.Clear();
        string? cronZone = null;
        for (var i = 0; i < spec.CronString.Count; i++)
        {
            var field = $"Spec.CronString[{i}]";
            var parsed = CronStringParser.Parse(spec.CronString[i], field);
            var zone = parsed.TimeZone ?? "";
            if (cronZone is not null && cronZone != zone)
            {
                throw new ScheduleSpecException(field, "all cron strings must name the same time zone (or none).");
            }
            cronZone = zone;
            if (parsed.Calendar is { } calendar)
            {
                spec.StructuredCalendar.Add(calendar);
            }
            if (parsed.Interval is { } interval)
            {
                spec.Interval.Add(interval);
            }
        }
        spec.CronString.Clear();
        if (!string.IsNullOrEmpty(cronZone))
        {
            if (spec.TimezoneName.Length > 0 && spec.TimezoneName != cronZone)
            {
                throw new ScheduleSpecException("Spec.TimezoneName", $"'{Errors.ErrorText.Echo(spec.TimezoneName)}' conflicts with the cron strings' CRON_TZ={Errors.ErrorText.Echo(cronZone)}.");
            }
            spec.TimezoneName = cronZone;
        }
        if (!spec.TimezoneData.IsEmpty)
        {
            throw new ScheduleSpecException("Spec.TimezoneData", "raw time zone data is not supported; name an IANA zone in TimezoneName.");
        }
        ScheduleTimeZones.Get(spec.TimezoneName, "Spec.TimezoneName");
        for (var i = 0; i < spec.StructuredCalendar.Count; i++)
        {
            Check(spec.StructuredCalendar[i], $"Spec.StructuredCalendar[{i}]");
        }
        for (var i = 0; i < spec.ExcludeStructuredCalendar.Count; i++)
        {
            Check(spec.ExcludeStructuredCalendar[i], $"Spec.ExcludeStructuredCalendar[{i}]");
        }
        for (var i = 0; i < spec.Interval.Count; i++)
        {
            Check(spec.Interval[i], $"Spec.Interval[{i}]");
        }
        if (spec.Jitter is { } jitter && jitter.ToTimeSpan() < TimeSpan.Zero)
        {
            throw new ScheduleSpecException("Spec.Jitter", "is negative.");
        }
        if (spec.StartTime is { } start && spec.EndTime is { } end && end.ToDateTimeOffset() < start.ToDateTimeOffset())
        {
            throw new ScheduleSpecException("Spec.EndTime", $"{end.ToDateTimeOffset():O} is before Spec.StartTime {start.ToDateTimeOffset():O}.");
        }
        return spec;
    }

    /// <summary>Ranges as Describe shows them: an end below the start is the start, a step of 0 is 1.</summary>
    public static void Clean(ScheduleSpec spec)
    {
        foreach (var calendar in spec.StructuredCalendar.Concat(spec.ExcludeStructuredCalendar))
        {
            foreach (var range in calendar.Second.Concat(calendar.Minute).Concat(calendar.Hour).Concat(calendar.DayOfMonth)
                .Concat(calendar.Month).Concat(calendar.Year).Concat(calendar.DayOfWeek))
            {
                range.End = Math.Max(range.End, range.Start);
                range.Step = Math.Max(range.Step, 1);
            }
        }
    }

    private static void Check(StructuredCalendarSpec calendar, string field)
    {
        CheckRanges(calendar.Second, $"{field}.Second", 0, 59);
        CheckRanges(calendar.Minute, $"{field}.Minute", 0, 59);
        CheckRanges(calendar.Hour, $"{field}.Hour", 0, 23);
        CheckRanges(calendar.DayOfMonth, $"{field}.DayOfMonth", 1, 31);
        CheckRanges(calendar.Month, $"{field}.Month", 1, 12);
        CheckRanges(calendar.Year, $"{field}.Year", CalendarRangeParser.MinYear, CalendarRangeParser.MaxYear);
        CheckRanges(calendar.DayOfWeek, $"{field}.DayOfWeek", 0, 6);
        if (calendar.Comment.Length > MaxCommentLength)
        {
            throw new ScheduleSpecException($"{field}.Comment", $"is longer than {MaxCommentLength} characters.");
        }
    }

    private static void CheckRanges(IEnumerable<Temporalio.Api.Schedule.V1.Range> ranges, string field, int minimum, int maximum)
    {
        foreach (var range in ranges)
        {
            if (range.Start < minimum || range.Start > maximum)
            {
                throw new ScheduleSpecException(field, $"start {range.Start} is not in {minimum}-{maximum}.");
            }
            if (range.End != 0 && (range.End < range.Start || range.End > maximum))
            {
                throw new ScheduleSpecException(field, $"end {range.End} is before the start {range.Start} or not in {minimum}-{maximum}.");
            }
            if (range.Step < 0)
            {
                throw new ScheduleSpecException(field, $"step {range.Step} is negative.");
            }
        }
    }

    private static void Check(IntervalSpec interval, string field)
    {
        var every = interval.Interval?.ToTimeSpan() ?? TimeSpan.Zero;
        var phase = interval.Phase?.ToTimeSpan() ?? TimeSpan.Zero;
        if (every < TimeSpan.FromSeconds(1))
        {
            throw new ScheduleSpecException($"{field}.Interval", "is shorter than one second.");
        }
        if (phase < TimeSpan.Zero)
        {
            throw new ScheduleSpecException($"{field}.Phase", "is negative.");
        }
        if (phase >= every)
        {
            throw new ScheduleSpecException($"{field}.Phase", "is not shorter than the interval.");
        }
    }
}
