using NodaTime;
using Temporalio.Api.Schedule.V1;

namespace Fencepost.Engine.History.Schedules.Spec;

/// <summary>
/// One structured calendar as predicates on local (wall-clock) fields: a local time matches when
/// every field does (year, month, day of month AND day of week, hour, minute, second). The search
/// for the next matching local time is plain calendar arithmetic; the time zone (and with it
/// daylight saving) is applied by <see cref="CompiledScheduleSpec"/>.
/// </summary>
internal sealed class CompiledCalendar
{
    private readonly ulong _seconds;
    private readonly ulong _minutes;
    private readonly ulong _hours;
    private readonly ulong _daysOfMonth;
    private readonly ulong _months;
    private readonly ulong _daysOfWeek;
    private readonly bool[]? _years;

    public CompiledCalendar(StructuredCalendarSpec calendar)
    {
        _seconds = Bits(calendar.Second);
        _minutes = Bits(calendar.Minute);
        _hours = Bits(calendar.Hour);
        _daysOfMonth = Bits(calendar.DayOfMonth);
        _months = Bits(calendar.Month);
        _daysOfWeek = Bits(calendar.DayOfWeek);
        if (calendar.Year.Count > 0)
        {
            _years = new bool[CalendarRangeParser.MaxYear - CalendarRangeParser.MinYear + 1];
            Each(calendar.Year, year =>
            {
                if (year >= CalendarRangeParser.MinYear && year <= CalendarRangeParser.MaxYear)
                {
                    _years[year - CalendarRangeParser.MinYear] = true;
                }
            });
        }
    }

    public bool Matches(LocalDateTime time) =>
        Year(time.Year) && Has(_months, time.Month) && Has(_daysOfMonth, time.Day) && Has(_daysOfWeek, DayOfWeek(time.Date))
        && Has(_hours, time.Hour) && Has(_minutes, time.Minute) && Has(_seconds, time.Second);

    /// <summary>The first matching local time at or after <paramref name="from"/> (whole seconds), or null before the year 2101.</summary>
    public LocalDateTime? NextAtOrAfter(LocalDateTime from)
    {
        var (y, mo, d, h, mi, s) = (from.Year, from.Month, from.Day, from.Hour, from.Minute, from.Second);
        while (true)
        {
            // Carry overflows upward.
            if (s >= 60) { (mi, s) = (mi + 1, 0); }
            if (mi >= 60) { (h, mi) = (h + 1, 0); }
            if (h >= 24) { (d, h) = (d + 1, 0); }
            if (d > CalendarSystem.Iso.GetDaysInMonth(Math.Min(y, 9999), Math.Min(mo, 12))) { (mo, d) = (mo + 1, 1); }
            if (mo > 12) { (y, mo) = (y + 1, 1); }
            if (y > CalendarRangeParser.MaxYear)
            {
                return null;
            }
            if (!Year(y))
            {
                (y, mo, d, h, mi, s) = (y + 1, 1, 1, 0, 0, 0);
                continue;
            }
            if (!Has(_months, mo))
            {
                (mo, d, h, mi, s) = (mo + 1, 1, 0, 0, 0);
                continue;
            }
            if (!Has(_daysOfMonth, d) || !Has(_daysOfWeek, DayOfWeek(new LocalDate(y, mo, d))))
            {
                (d, h, mi, s) = (d + 1, 0, 0, 0);
                continue;
            }
            if (!Has(_hours, h))
            {
                (h, mi, s) = (h + 1, 0, 0);
                continue;
            }
            if (!Has(_minutes, mi))
            {
                (mi, s) = (mi + 1, 0);
                continue;
            }
            if (!Has(_seconds, s))
            {
                s++;
                continue;
            }
            return new LocalDateTime(y, mo, d, h, mi, s);
        }
    }

    /// <summary>Sunday is 0, as in the API.</summary>
    private static int DayOfWeek(LocalDate date) => (int)date.DayOfWeek % 7;

    private bool Year(int year) =>
        _years is null || (year >= CalendarRangeParser.MinYear && year <= CalendarRangeParser.MaxYear && _years[year - CalendarRangeParser.MinYear]);

    private static bool Has(ulong bits, int value) => value is >= 0 and < 64 && (bits & (1UL << value)) != 0;

    private static ulong Bits(IEnumerable<Temporalio.Api.Schedule.V1.Range> ranges)
    {
        var bits = 0UL;
        Each(ranges, value =>
        {
            if (value is >= 0 and < 64)
            {
                bits |= 1UL << value;
            }
        });
        return bits;
    }

    private static void Each(IEnumerable<Temporalio.Api.Schedule.V1.Range> ranges, Action<int> add)
    {
        foreach (var range in ranges)
        {
            var step = range.Step <= 0 ? 1 : range.Step;
            var end = Math.Max(range.End, range.Start);
            for (var value = range.Start; value <= end; value += step)
            {
                add(value);
            }
        }
    }
}
