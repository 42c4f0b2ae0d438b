using Temporalio.Api.Schedule.V1;

namespace Fencepost.Engine.History.Schedules.Spec;

/// <summary>One cron string of a schedule spec: a calendar or an interval, and the time zone it named (null when it named none).</summary>
internal sealed record ParsedCronString(StructuredCalendarSpec? Calendar, IntervalSpec? Interval, string? TimeZone);
