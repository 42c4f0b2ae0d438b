using System.Globalization;
using Temporalio.Api.Schedule.V1;

namespace Fencepost.ConsoleWeb.Schedules;

/// <summary>
/// One structured calendar in words: which days ("every day", "every weekday", "on day 1 of every
/// month", "every Monday in January") and which times of those days ("at 02:00", "every 5 minutes").
/// A field is expanded to its values first, so ranges and steps read the same however they were written.
/// </summary>
internal static class CalendarText
{
    private static readonly string[] DayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;

    public static string Describe(StructuredCalendarSpec calendar)
    {
        var seconds = Values(calendar.Second, 0, 59);
        var minutes = Values(calendar.Minute, 0, 59);
        var hours = Values(calendar.Hour, 0, 23);
        var days = Values(calendar.DayOfMonth, 1, 31);
        var months = Values(calendar.Month, 1, 12);
        var weekdays = new SortedSet<int>(Values(calendar.DayOfWeek, 0, 7).Select(d => d % 7));
        if (seconds.Count == 0 || minutes.Count == 0 || hours.Count == 0 || days.Count == 0 || months.Count == 0 || weekdays.Count == 0)
        {
            return "never (a field matches nothing)";
        }
        var dayPart = Days(days, weekdays, months);
        if (calendar.Year.Count > 0)
        {
            dayPart += " in " + List(Values(calendar.Year, 1970, 2100).Select(y => y.ToString(CultureInfo.InvariantCulture)).ToList());
        }
        return Times(seconds, minutes, hours) switch
        {
            (var times, true) => dayPart == "every day" ? times : $"{times}, {dayPart}",
            (var times, false) => $"{dayPart} {times}",
        };
    }

    /// <summary>The times of a matching day, and whether they are a rhythm through the day ("every 5 minutes") rather than a clock time ("at 02:00").</summary>
    private static (string Text, bool Rhythm) Times(SortedSet<int> seconds, SortedSet<int> minutes, SortedSet<int> hours)
    {
        var allHours = hours.Count == 24;
        var hoursText = allHours ? "" : " during hour " + Ranges(hours, 2);
        if (IsAll(seconds, 60))
        {
            return (IsAll(minutes, 60) ? "every second" + hoursText : $"every second of minute {Ranges(minutes, 2)}{hoursText}", true);
        }
        if (seconds.SetEquals([0]))
        {
            if (IsAll(minutes, 60))
            {
                return ("every minute" + hoursText, true);
            }
            if (Step(minutes, 60) is { } step)
            {
                return ($"every {step} minutes{hoursText}", true);
            }
            if (allHours)
            {
                return (minutes.SetEquals([0]) ? "every hour" : $"every hour at minute {Ranges(minutes, 2)}", true);
            }
            if (hours.Count * minutes.Count <= 6)
            {
                return ("at " + List(hours.SelectMany(h => minutes.Select(m => $"{h:00}:{m:00}")).ToList()), false);
            }
        }
        else if (hours.Count * minutes.Count * seconds.Count <= 6)
        {
            return ("at " + List(hours.SelectMany(h => minutes.SelectMany(m => seconds.Select(s => $"{h:00}:{m:00}:{s:00}"))).ToList()), false);
        }
        return ($"at second {Ranges(seconds, 2)} of minute {Ranges(minutes, 2)} of hour {Ranges(hours, 2)}", false);
    }

    private static string Days(SortedSet<int> days, SortedSet<int> weekdays, SortedSet<int> months)
    {
        var allDays = IsAll(days, 31, from: 1);
        var allWeekdays = weekdays.Count == 7;
        string text;
        if (allDays && allWeekdays)
        {
            text = "every day";
        }
        else if (allDays)
        {
            text = weekdays.SetEquals([1, 2, 3, 4, 5]) ? "every weekday"
                : weekdays.SetEquals([0, 6]) ? "every Saturday and Sunday"
                : "every " + List(weekdays.Select(d => DayNames[d]).ToList());
        }
        else
        {
            text = $"on day {Ranges(days, 0)} of the month";
            if (!allWeekdays)
            {
                text += " when it is a " + List(weekdays.Select(d => DayNames[d]).ToList(), "or");
            }
        }
        if (!IsAll(months, 12, from: 1))
        {
            text += " in " + List(months.Select(m => MonthNames[m - 1]).ToList());
        }
        return text;
    }

    /// <summary>The values a field's ranges match within [min, max] (end before start means start alone, step 0 means 1).</summary>
    private static SortedSet<int> Values(IEnumerable<Temporalio.Api.Schedule.V1.Range> ranges, int min, int max)
    {
        var values = new SortedSet<int>();
        foreach (var range in ranges)
        {
            var end = range.End < range.Start ? range.Start : range.End;
            var step = range.Step <= 0 ? 1 : range.Step;
            for (var v = range.Start; v <= end && v <= max; v += step)
            {
                if (v >= min)
                {
                    values.Add(v);
                }
            }
        }
        return values;
    }

    private static bool IsAll(SortedSet<int> values, int count, int from = 0) =>
        values.Count == count && values.Min == from;

    /// <summary>The step when the values are 0, k, 2k, ... up to the end of the cycle (k dividing it), else null.</summary>
    private static int? Step(SortedSet<int> values, int cycle)
    {
        if (values.Count < 2 || values.Min != 0)
        {
            return null;
        }
        var step = values.ElementAt(1);
        return cycle % step == 0 && values.Count == cycle / step && values.Select((v, i) => v == i * step).All(x => x) ? step : null;
    }

    /// <summary>"0-30", "1, 15", "0-10, 30"; runs of three or more collapse into a range.</summary>
    private static string Ranges(SortedSet<int> values, int digits)
    {
        var format = digits == 0 ? "0" : new string('0', digits);
        var parts = new List<string>();
        var list = values.ToList();
        for (var i = 0; i < list.Count;)
        {
            var j = i;
            while (j + 1 < list.Count && list[j + 1] == list[j] + 1)
            {
                j++;
            }
            var first = list[i].ToString(format, CultureInfo.InvariantCulture);
            var last = list[j].ToString(format, CultureInfo.InvariantCulture);
            parts.Add(j - i >= 2 ? $"{first}-{last}" : j == i ? first : $"{first}, {last}");
            i = j + 1;
        }
        return string.Join(", ", parts);
    }

    private static string List(List<string> items, string conjunction = "and") =>
        items.Count <= 1 ? string.Concat(items) : string.Join(", ", items.Take(items.Count - 1)) + $" {conjunction} " + items[^1];
}
