namespace Fencepost.Engine.History.Schedules.Spec;

/// <summary>How a calendar field's values are written: numbers only, or also month or weekday names; years have no "all" range.</summary>
internal enum CalendarFieldKind
{
    Number,
    Year,
    Month,
    DayOfWeek,
}
