namespace Fencepost.Engine.History.Schedules.Spec;

/// <summary>A time a spec matches: <see cref="Nominal"/> before jitter, <see cref="Actual"/> with it.</summary>
internal readonly record struct ScheduleTime(DateTimeOffset Nominal, DateTimeOffset Actual);
