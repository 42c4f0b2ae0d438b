using Temporalio.Api.Schedule.V1;

namespace Fencepost.Engine.History.Schedules;

/// <summary>A schedule as stored: every part present (an empty one where the client sent none).</summary>
internal static class SchedulerDefaults
{
    public static Schedule Fill(Schedule schedule)
    {
        var filled = schedule.Clone();
        filled.Spec ??= new ScheduleSpec();
        filled.Action ??= new ScheduleAction();
        filled.Policies ??= new SchedulePolicies();
        filled.State ??= new ScheduleState();
        return filled;
    }
}
