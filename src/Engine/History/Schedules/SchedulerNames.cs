namespace Fencepost.Engine.History.Schedules;

/// <summary>The names Temporal gives a schedule's internal execution and the workflows it starts.</summary>
internal static class SchedulerNames
{
    /// <summary>A schedule lives in the internal execution with this workflow id plus the schedule id (its shard is that id's).</summary>
    public const string WorkflowIdPrefix = "temporal-sys-scheduler:";

    /// <summary>The internal execution's type; ListWorkflowExecutions never shows executions of it.</summary>
    public const string WorkflowType = "temporal-sys-scheduler-workflow";

    public const string TaskQueue = "temporal-sys-per-ns-tq";

    /// <summary>The memo field that carries the schedule's list info in its visibility row.</summary>
    public const string ListInfoMemoField = "ScheduleInfo";

    public const string PausedSearchAttribute = "TemporalSchedulePaused";

    public const string ScheduledByIdSearchAttribute = "TemporalScheduledById";

    public const string ScheduledStartTimeSearchAttribute = "TemporalScheduledStartTime";

    /// <summary>Temporal appends this much (a dash and an RFC 3339 second) to an action's workflow id.</summary>
    public const int AppendedTimestampLength = 21;

    public static string WorkflowIdOf(string scheduleId) => WorkflowIdPrefix + scheduleId;

    public static string ScheduledWorkflowId(string baseId, DateTimeOffset nominal) =>
        $"{baseId}-{nominal.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss'Z'}";
}
