using Fencepost.Engine.History.Cron;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Schedule.V1;

namespace Fencepost.Engine.History.Schedules.Spec;

/// <summary>
/// A schedule's cron strings as Temporal reads them: an optional <c>CRON_TZ=zone</c> or
/// <c>TZ=zone</c> first, an optional <c># comment</c> last, and then 5 fields (minute hour
/// day-of-month month day-of-week), 6 (plus year) or 7 (second first, year last); or
/// <c>@yearly</c>, <c>@monthly</c>, <c>@weekly</c>, <c>@daily</c>, <c>@hourly</c>; or
/// <c>@every 90m</c>, <c>@every 14h/3h</c> (an interval with a phase). Unlike classic cron,
/// day of month and day of week must both match.
/// </summary>
internal static class CronStringParser
{
    public static ParsedCronString Parse(string cron, string field)
    {
        var text = (cron ?? "").Trim();
        string? zone = null;
        if (text.StartsWith("TZ=", StringComparison.Ordinal) || text.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                throw new ScheduleSpecException(field, "names a time zone but has no fields.");
            }
            zone = text[(text.IndexOf('=', StringComparison.Ordinal) + 1)..space];
            text = text[(space + 1)..].Trim();
        }
        var comment = "";
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            comment = text[(hash + 1)..].Trim();
            text = text[..hash].Trim();
        }
        if (text.StartsWith("@every", StringComparison.Ordinal))
        {
            return new ParsedCronString(null, Every(text, field), zone);
        }
        text = text switch
        {
            "@yearly" or "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" or "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            _ => text,
        };
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var calendar = new CalendarSpec { Comment = comment };
        switch (fields.Length)
        {
            case 5:
                (calendar.Minute, calendar.Hour, calendar.DayOfMonth, calendar.Month, calendar.DayOfWeek) = (fields[0], fields[1], fields[2], fields[3], fields[4]);
                break;
            case 6:
                (calendar.Minute, calendar.Hour, calendar.DayOfMonth, calendar.Month, calendar.DayOfWeek, calendar.Year) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
                break;
            case 7:
                (calendar.Second, calendar.Minute, calendar.Hour, calendar.DayOfMonth, calendar.Month, calendar.DayOfWeek, calendar.Year) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6]);
                break;
            default:
                throw new ScheduleSpecException(field, $"'{Errors.ErrorText.Echo(cron)}' does not have 5 to 7 fields (minute hour day-of-month month day-of-week [year], or second first and year last).");
        }
        return new ParsedCronString(CalendarRangeParser.Parse(calendar, field), null, zone);
    }

    private static IntervalSpec Every(string text, string field)
    {
        var rest = text["@every".Length..].Trim();
        if (rest.Length == 0)
        {
            throw new ScheduleSpecException(field, "@every has no interval after it.");
        }
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var intervalText = slash >= 0 ? rest[..slash] : rest;
        var interval = GoDuration.TryParse(intervalText)
            ?? throw new ScheduleSpecException(field, $"'{Errors.ErrorText.Echo(intervalText)}' is not a duration such as 30s, 15m or 1h30m.");
        var spec = new IntervalSpec { Interval = Duration.FromTimeSpan(interval) };
        if (slash >= 0)
        {
            var phaseText = rest[(slash + 1)..];
            spec.Phase = Duration.FromTimeSpan(GoDuration.TryParse(phaseText)
                ?? throw new ScheduleSpecException(field, $"'{Errors.ErrorText.Echo(phaseText)}' is not a duration such as 30s, 15m or 1h30m."));
        }
        return spec;
    }
}
