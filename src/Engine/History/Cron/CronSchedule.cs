namespace Fencepost.Engine.History.Cron;

/// <summary>
/// A workflow cron schedule as Temporal accepts it, evaluated in UTC: five fields (minute, hour,
/// day of month, month, day of week; lists, ranges, steps, month and day names, 7 = Sunday), the
/// descriptors @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, and
/// "@every &lt;duration&gt;" (Go duration syntax such as 90s, 1h30m; at least one second).
/// When both day fields are restricted a day matching either one fires, as in standard cron.
/// </summary>
internal sealed class CronSchedule
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    private static readonly TimeSpan SearchLimit = TimeSpan.FromDays(366 * 5);

    private readonly CronField? _minutes;
    private readonly CronField? _hours;
    private readonly CronField? _daysOfMonth;
    private readonly CronField? _months;
    private readonly CronField? _daysOfWeek;
    private readonly TimeSpan? _every;

    private CronSchedule(CronField minutes, CronField hours, CronField daysOfMonth, CronField months, CronField daysOfWeek)
    {
        (_minutes, _hours, _daysOfMonth, _months, _daysOfWeek) = (minutes, hours, daysOfMonth, months, daysOfWeek);
    }

    private CronSchedule(TimeSpan every) => _every = every;

    /// <summary>Null when <paramref name="expression"/> is a valid schedule that fires; else what is wrong, in words.</summary>
    public static string? Validate(string expression) => TryParse(expression, out _);

    public static CronSchedule Parse(string expression) =>
        TryParse(expression, out var schedule) is { } problem ? throw new FormatException(problem) : schedule!;

    public static string? TryParse(string expression, out CronSchedule? schedule)
    {
        schedule = null;
        var text = expression.Trim();
        if (text.StartsWith("@every", StringComparison.OrdinalIgnoreCase))
        {
            var durationText = text["@every".Length..].Trim();
            if (GoDuration.TryParse(durationText) is not { } every)
            {
                return $"Invalid CronSchedule '{expression}': '{durationText}' is not a duration such as 30s, 15m or 1h30m.";
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
        if (text.StartsWith('@') || text.StartsWith("CRON_TZ=", StringComparison.OrdinalIgnoreCase) || text.StartsWith("TZ=", StringComparison.OrdinalIgnoreCase))
        {
            return $"Invalid CronSchedule '{expression}': use five fields (minute hour day-of-month month day-of-week, in UTC), @hourly/@daily/@weekly/@monthly/@yearly or @every <duration>.";
        }
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            return $"Invalid CronSchedule '{expression}': expected 5 fields (minute hour day-of-month month day-of-week), found {fields.Length}.";
        }
        CronField? minutes = null, hours = null, days = null, months = null, weekdays = null;
        var problem = CronField.TryParse(fields[0], "Minute", 0, 59, null, out minutes)
            ?? CronField.TryParse(fields[1], "Hour", 0, 23, null, out hours)
            ?? CronField.TryParse(fields[2], "Day-of-month", 1, 31, null, out days)
            ?? CronField.TryParse(fields[3], "Month", 1, 12, MonthNames, out months)
            ?? CronField.TryParse(fields[4], "Day-of-week", 0, 7, DayNames, out weekdays);
        if (problem is not null)
        {
            return $"Invalid CronSchedule '{expression}': {problem}";
        }
        var parsed = new CronSchedule(minutes!, hours!, days!, months!, weekdays!);
        if (parsed.NextAfter(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)) is null)
        {
            return $"Invalid CronSchedule '{expression}': it never fires (no such date).";
        }
        schedule = parsed;
        return null;
    }

    /// <summary>The first fire time strictly after <paramref name="time"/> (UTC); null if none within five years.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        if (_every is { } every)
        {
            // On whole seconds, as Temporal's scheduler does.
            var whole = new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
            return whole + every;
        }
        var candidate = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        var limit = utc + SearchLimit;
        while (candidate <= limit)
        {
            if (!_months!.Allows(candidate.Month))
            {
                candidate = new DateTimeOffset(candidate.Year, candidate.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
                continue;
            }
            if (!DayMatches(candidate))
            {
                candidate = new DateTimeOffset(candidate.Year, candidate.Month, candidate.Day, 0, 0, 0, TimeSpan.Zero).AddDays(1);
                continue;
            }
            if (!_hours!.Allows(candidate.Hour))
            {
                candidate = new DateTimeOffset(candidate.Year, candidate.Month, candidate.Day, candidate.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
                continue;
            }
            if (!_minutes!.Allows(candidate.Minute))
            {
                candidate = candidate.AddMinutes(1);
                continue;
            }
            return candidate;
        }
        return null;
    }

    /// <summary>
    /// Temporal's delay before the run that follows one scheduled at <paramref name="scheduledTime"/>
    /// and closing at <paramref name="now"/>: the first fire after the scheduled time that is not
    /// before now (missed fires are skipped, not caught up).
    /// </summary>
    public TimeSpan? DelayAfter(DateTimeOffset scheduledTime, DateTimeOffset now)
    {
        var next = NextAfter(scheduledTime);
        while (next is { } fire && fire < now)
        {
            next = NextAfter(fire);
        }
        return next is { } due ? due - now : null;
    }

    private bool DayMatches(DateTimeOffset day)
    {
        var dayOfMonth = _daysOfMonth!.Allows(day.Day);
        var weekday = (int)day.DayOfWeek;
        var dayOfWeek = _daysOfWeek!.Allows(weekday) || (weekday == 0 && _daysOfWeek.Allows(7));
        return _daysOfMonth.IsWildcard || _daysOfWeek.IsWildcard ? dayOfMonth && dayOfWeek : dayOfMonth || dayOfWeek;
    }
}
