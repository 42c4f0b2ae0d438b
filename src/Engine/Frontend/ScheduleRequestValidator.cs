using Fencepost.Engine.Errors;
using Fencepost.Engine.History.Schedules;
using Fencepost.Engine.History.Schedules.Spec;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Schedule.V1;

namespace Fencepost.Engine.Frontend;

/// <summary>
/// Checks a schedule as Temporal's frontend does before it is stored, and puts its spec in canonical
/// form. Every problem is INVALID_ARGUMENT naming the field (spec problems start with
/// "Invalid schedule spec: ", which the TypeScript SDK turns into a TypeError).
/// </summary>
internal static class ScheduleRequestValidator
{
    public static void ScheduleId(string scheduleId)
    {
        if (string.IsNullOrEmpty(scheduleId))
        {
            throw ServiceErrorException.InvalidArgument("ScheduleId is not set on request.");
        }
        if (RequestValidator.TooLong(SchedulerNames.WorkflowIdOf(scheduleId)))
        {
            throw ServiceErrorException.InvalidArgument($"ScheduleId is longer than {RequestValidator.MaxIdLength - SchedulerNames.WorkflowIdPrefix.Length} bytes.");
        }
    }

    /// <summary>The schedule to store: spec canonical, action checked.</summary>
    public static Schedule Schedule(Schedule? schedule)
    {
        var checkedSchedule = SchedulerDefaults.Fill(schedule ?? new Schedule());
        try
        {
            checkedSchedule.Spec = ScheduleSpecCanonicalizer.Canonicalize(checkedSchedule.Spec);
        }
        catch (ScheduleSpecException ex)
        {
            throw ServiceErrorException.InvalidArgument($"Invalid schedule spec: Schedule.{ex.Field}: {ex.Problem}");
        }
        var start = checkedSchedule.Action.StartWorkflow
            ?? throw ServiceErrorException.InvalidArgument("Schedule.Action.StartWorkflow is not set: a schedule's action starts a workflow.");
        const string field = "Schedule.Action.StartWorkflow";
        if (string.IsNullOrEmpty(start.WorkflowId))
        {
            throw ServiceErrorException.InvalidArgument($"{field}.WorkflowId is not set on request.");
        }
        if (RequestValidator.TooLong(start.WorkflowId + new string('0', SchedulerNames.AppendedTimestampLength)))
        {
            throw ServiceErrorException.InvalidArgument($"{field}.WorkflowId is too long: with the action's time appended it must fit in {RequestValidator.MaxIdLength} bytes.");
        }
        RequestValidator.Name(start.WorkflowType?.Name, $"{field}.WorkflowType");
        RequestValidator.Name(start.TaskQueue?.Name, $"{field}.TaskQueue");
        RequestValidator.Blob(start.Input, $"{field}.Input");
        RequestValidator.Blob(start.Memo, $"{field}.Memo");
        RequestValidator.Blob(start.SearchAttributes, $"{field}.SearchAttributes");
        RequestValidator.Blob(start.Header, $"{field}.Header");
        RequestValidator.Retry(start.RetryPolicy);
        RequestValidator.Timeout(start.WorkflowExecutionTimeout, $"{field}.WorkflowExecutionTimeout");
        RequestValidator.Timeout(start.WorkflowRunTimeout, $"{field}.WorkflowRunTimeout");
        RequestValidator.Timeout(start.WorkflowTaskTimeout, $"{field}.WorkflowTaskTimeout");
        if (start.CronSchedule.Length > 0)
        {
            throw ServiceErrorException.InvalidArgument($"{field}.CronSchedule is not allowed: the schedule's spec says when it runs.");
        }
        if (start.WorkflowIdReusePolicy is not (WorkflowIdReusePolicy.Unspecified or WorkflowIdReusePolicy.AllowDuplicate))
        {
            throw ServiceErrorException.InvalidArgument($"{field}.WorkflowIdReusePolicy must be unspecified or AllowDuplicate.");
        }
        if (checkedSchedule.Policies.CatchupWindow is { } window && window.ToTimeSpan() < TimeSpan.Zero)
        {
            throw ServiceErrorException.InvalidArgument("Schedule.Policies.CatchupWindow is negative.");
        }
        if (checkedSchedule.State is { LimitedActions: true, RemainingActions: < 0 })
        {
            throw ServiceErrorException.InvalidArgument("Schedule.State.RemainingActions is negative.");
        }
        return checkedSchedule;
    }
}
