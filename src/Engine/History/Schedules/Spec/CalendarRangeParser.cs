using System.Globalization;
using Temporalio.Api.Schedule.V1;

namespace Fencepost.Engine.History.Schedules.Spec;

/// <summary>
/// Turns the text fields of a <see cref="CalendarSpec"/> into the ranges of a
/// <see cref="StructuredCalendarSpec"/>, as Temporal reads them: a comma-separated list of
/// <c>*</c>, <c>x</c>, <c>x-z</c>, <c>x-z/y</c> or <c>x/y</c> (from x to the field's maximum, every y);
/// months by name (at least three letters) and weekdays by name (at least two), 7 meaning Sunday.
/// An empty field takes its default (0 for second, minute and hour; every value otherwise).
/// </summary>
internal static class CalendarRangeParser
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    private static readonly string[] MonthNames = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    private static readonly string[] DayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    /// <summary>Parses every field of <paramref name="calendar"/>; <paramref name="field"/> names it in errors (e.g. Spec.Calendar[0]).</summary>
    public static StructuredCalendarSpec Parse(CalendarSpec calendar, string field)
    {
        var structured = new StructuredCalendarSpec { Comment = calendar.Comment ?? "" };
        structured.Second.Add(Ranges(calendar.Second, $"{field}.Second", "0", 0, 59, CalendarFieldKind.Number));
        structured.Minute.Add(Ranges(calendar.Minute, $"{field}.Minute", "0", 0, 59, CalendarFieldKind.Number));
        structured.Hour.Add(Ranges(calendar.Hour, $"{field}.Hour", "0", 0, 23, CalendarFieldKind.Number));
        structured.DayOfMonth.Add(Ranges(calendar.DayOfMonth, $"{field}.DayOfMonth", "*", 1, 31, CalendarFieldKind.Number));
        structured.Month.Add(Ranges(calendar.Month, $"{field}.Month", "*", 1, 12, CalendarFieldKind.Month));
        structured.Year.Add(Ranges(calendar.Year, $"{field}.Year", "*", MinYear, MaxYear, CalendarFieldKind.Year));
        structured.DayOfWeek.Add(Ranges(calendar.DayOfWeek, $"{field}.DayOfWeek", "*", 0, 7, CalendarFieldKind.DayOfWeek));
        return structured;
    }

    /// <summary>One field's ranges; "*" for a year is no range at all (every year).</summary>
    public static List<Temporalio.Api.Schedule.V1.Range> Ranges(string? text, string field, string fallback, int minimum, int maximum, CalendarFieldKind kind)
    {
        text = (text ?? "").Trim();
        if (text.Length == 0)
        {
            text = fallback;
        }
        var ranges = new List<Temporalio.Api.Schedule.V1.Range>();
        if (text == "*" && kind == CalendarFieldKind.Year)
        {
            return ranges;
        }
        foreach (var rawPart in text.Split(','))
        {
            var part = rawPart.Trim();
            var step = 1;
            var hasStep = false;
            var slash = part.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                if (part.IndexOf('/', slash + 1) >= 0)
                {
                    throw new ScheduleSpecException(field, $"'{Echo(text)}' has too many slashes.");
                }
                var stepText = part[(slash + 1)..];
                if (!int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1)
                {
                    throw new ScheduleSpecException(field, $"'{Echo(text)}' has an invalid step '{Echo(stepText)}'.");
                }
                part = part[..slash];
                hasStep = true;
            }
            var (start, end) = (minimum, maximum);
            if (part != "*")
            {
                var dash = part.IndexOf('-', StringComparison.Ordinal);
                if (dash >= 0)
                {
                    if (part.IndexOf('-', dash + 1) >= 0)
                    {
                        throw new ScheduleSpecException(field, $"'{Echo(text)}' has too many dashes.");
                    }
                    start = Value(part[..dash], minimum, maximum, kind)
                        ?? throw new ScheduleSpecException(field, $"'{Echo(part[..dash])}' is not a value in {minimum}-{maximum}.");
                    end = Value(part[(dash + 1)..], start, maximum, kind)
                        ?? throw new ScheduleSpecException(field, $"'{Echo(part[(dash + 1)..])}' is before the range's start or not in {minimum}-{maximum}.");
                }
                else
                {
                    start = Value(part, minimum, maximum, kind)
                        ?? throw new ScheduleSpecException(field, $"'{Echo(part)}' is not a value in {minimum}-{maximum}.");
                    // With a step a single value runs to the field's end; without one it is itself.
                    end = hasStep ? maximum : start;
                }
            }
            if (kind == CalendarFieldKind.DayOfWeek && end == 7)
            {
                // 7 is Sunday, 0: add the 0 when 7 is matched and 0 would not be otherwise.
                if ((7 - start) % step == 0 && (step > 1 || start > 1))
                {
                    ranges.Add(new Temporalio.Api.Schedule.V1.Range { Start = 0 });
                    if (start == 7)
                    {
                        continue;
                    }
                }
                end = 6;
            }
            ranges.Add(new Temporalio.Api.Schedule.V1.Range { Start = start, End = end == start ? 0 : end, Step = step == 1 ? 0 : step });
        }
        return ranges;
    }

    private static int? Value(string text, int minimum, int maximum, CalendarFieldKind kind)
    {
        text = text.Trim();
        var names = kind switch
        {
            CalendarFieldKind.Month => MonthNames,
            CalendarFieldKind.DayOfWeek => DayNames,
            _ => null,
        };
        var shortest = kind == CalendarFieldKind.Month ? 3 : 2;
        if (names is not null && text.Length >= shortest)
        {
            var lower = text.ToLowerInvariant();
            for (var i = 0; i < names.Length; i++)
            {
                if (names[i].StartsWith(lower, StringComparison.Ordinal))
                {
                    var named = kind == CalendarFieldKind.Month ? i + 1 : i;
                    return named >= minimum && named <= maximum ? named : null;
                }
            }
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= minimum && number <= maximum ? number : null;
    }

    private static string Echo(string value) => Errors.ErrorText.Echo(value);
}
