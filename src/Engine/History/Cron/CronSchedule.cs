using Fencepost.Engine.History.Schedules.Spec;
using Temporalio.Api.Schedule.V1;

namespace Fencepost.Engine.History.Cron;

/// <summary>
/// A workflow's cron schedule as Temporal accepts it: an optional <c>CRON_TZ=zone</c> (or
/// <c>TZ=zone</c>) naming an IANA time zone (UTC without one), then five fields (minute, hour, day
/// of month, month, day of week; lists, ranges, steps, month and day names, 7 = Sunday), or the
/// descriptors @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, or
/// "@every &lt;duration&gt;" (Go duration syntax such as 90s, 1h30m; at least one second).
/// When both day fields are restricted a day matching either one fires, as in standard cron.
/// Evaluated by the schedules' calendar code (<see cref="CompiledScheduleSpec"/>), so time zones and
/// daylight saving behave as they do for schedules: a skipped local time does not fire, a repeated
/// one fires twice.
/// </summary>
internal sealed class CronSchedule
{
    private static readonly DateTimeOffset NeverFiresProbe = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly CompiledScheduleSpec? _spec;
    private readonly TimeSpan? _every;

    private CronSchedule(CompiledScheduleSpec spec) => _spec = spec;

    private CronSchedule(TimeSpan every) => _every = every;

    /// <summary>Null when <paramref name="expression"/> is a valid schedule that fires; else what is wrong, in words.</summary>
    public static string? Validate(string expression) => TryParse(expression, out _);

    public static CronSchedule Parse(string expression) =>
        TryParse(expression, out var schedule) is { } problem ? throw new FormatException(problem) : schedule!;

    public static string? TryParse(string expression, out CronSchedule? schedule)
    {
        schedule = null;
        var text = expression.Trim();
        var zone = "";
        if (text.StartsWith("CRON_TZ=", StringComparison.OrdinalIgnoreCase) || text.StartsWith("TZ=", StringComparison.OrdinalIgnoreCase))
        {
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                return $"Invalid CronSchedule '{Echo(expression)}': it names a time zone but has no fields.";
            }
            zone = text[(text.IndexOf('=', StringComparison.Ordinal) + 1)..space];
            text = text[(space + 1)..].Trim();
            if (ScheduleTimeZones.Find(zone) is null)
            {
                return $"Invalid CronSchedule '{Echo(expression)}': unknown time zone '{Echo(zone)}'; use an IANA name such as Europe/Berlin.";
            }
        }
        if (text.StartsWith("@every", StringComparison.OrdinalIgnoreCase))
        {
            var durationText = text["@every".Length..].Trim();
            if (GoDuration.TryParse(durationText) is not { } every)
            {
                return $"Invalid CronSchedule '{Echo(expression)}': '{Echo(durationText)}' is not a duration such as 30s, 15m or 1h30m.";
            }
            schedule = new CronSchedule(every < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(Math.Floor(every.TotalSeconds)));
            return null;
        }
        text = text.ToLowerInvariant() switch
        {
            "@yearly" or "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" or "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            _ => text,
        };
        if (text.StartsWith('@'))
        {
            return $"Invalid CronSchedule '{Echo(expression)}': use five fields (minute hour day-of-month month day-of-week), optionally after CRON_TZ=<zone>, @hourly/@daily/@weekly/@monthly/@yearly or @every <duration>.";
        }
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(f => f == "?" ? "*" : f).ToArray();
        if (fields.Length != 5)
        {
            return $"Invalid CronSchedule '{Echo(expression)}': expected 5 fields (minute hour day-of-month month day-of-week), found {fields.Length}.";
        }
        try
        {
            var minutes = CalendarRangeParser.Ranges(fields[0], "Minute", "*", 0, 59, CalendarFieldKind.Number);
            var hours = CalendarRangeParser.Ranges(fields[1], "Hour", "*", 0, 23, CalendarFieldKind.Number);
            var days = CalendarRangeParser.Ranges(fields[2], "Day-of-month", "*", 1, 31, CalendarFieldKind.Number);
            var months = CalendarRangeParser.Ranges(fields[3], "Month", "*", 1, 12, CalendarFieldKind.Month);
            var weekdays = CalendarRangeParser.Ranges(fields[4], "Day-of-week", "*", 0, 7, CalendarFieldKind.DayOfWeek);
            var spec = new ScheduleSpec { TimezoneName = zone };
            if (fields[2] == "*" || fields[4] == "*")
            {
                spec.StructuredCalendar.Add(Calendar(minutes, hours, days, months, weekdays));
            }
            else
            {
                // Both day fields restricted: either one matching is enough, so one calendar per day field.
                spec.StructuredCalendar.Add(Calendar(minutes, hours, days, months, CalendarRangeParser.Ranges("*", "Day-of-week", "*", 0, 7, CalendarFieldKind.DayOfWeek)));
                spec.StructuredCalendar.Add(Calendar(minutes, hours, CalendarRangeParser.Ranges("*", "Day-of-month", "*", 1, 31, CalendarFieldKind.Number), months, weekdays));
            }
            var compiled = new CompiledScheduleSpec(spec);
            if (compiled.Next(NeverFiresProbe, "") is null)
            {
                return $"Invalid CronSchedule '{Echo(expression)}': it never fires (no such date).";
            }
            schedule = new CronSchedule(compiled);
            return null;
        }
        catch (ScheduleSpecException ex)
        {
            return $"Invalid CronSchedule '{Echo(expression)}': {ex.Field} field {ex.Problem}";
        }
    }

    /// <summary>The first fire time strictly after <paramref name="time"/>; null if the schedule never fires again.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset time)
    {
        if (_every is { } every)
        {
            // On whole seconds, as Temporal's scheduler does.
            var utc = time.ToUniversalTime();
            return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero) + every;
        }
        return _spec!.Next(time, "")?.Nominal;
    }

    /// <summary>
    /// Temporal's delay before the run that follows one scheduled at <paramref name="scheduledTime"/>
    /// and closing at <paramref name="now"/>: the first fire after the scheduled time that is not
    /// before now (missed fires are skipped, not caught up).
    /// </summary>
    public TimeSpan? DelayAfter(DateTimeOffset scheduledTime, DateTimeOffset now)
    {
        var next = NextAfter(scheduledTime);
        if (next is { } first && first < now && _spec is not null)
        {
            // Skip the missed fires in one step: the first fire after the second before now.
            next = NextAfter(now.AddSeconds(-1) > first ? now.AddSeconds(-1) : first);
        }
        while (next is { } fire && fire < now)
        {
            next = NextAfter(fire);
        }
        return next is { } due ? due - now : null;
    }

    private static StructuredCalendarSpec Calendar(List<Temporalio.Api.Schedule.V1.Range> minutes, List<Temporalio.Api.Schedule.V1.Range> hours,
        List<Temporalio.Api.Schedule.V1.Range> days, List<Temporalio.Api.Schedule.V1.Range> months, List<Temporalio.Api.Schedule.V1.Range> weekdays)
    {
        var calendar = new StructuredCalendarSpec();
        calendar.Second.Add(new Temporalio.Api.Schedule.V1.Range { Start = 0 });
        calendar.Minute.Add(minutes);
        calendar.Hour.Add(hours);
        calendar.DayOfMonth.Add(days);
        calendar.Month.Add(months);
        calendar.DayOfWeek.Add(weekdays);
        return calendar;
    }

    private static string Echo(string value) => Errors.ErrorText.Echo(value);
}
