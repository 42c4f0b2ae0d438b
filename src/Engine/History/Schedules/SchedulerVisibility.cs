using Fencepost.Engine.Persistence.Visibility;

namespace Fencepost.Engine.History.Schedules;

/// <summary>
/// Schedules' internal executions have visibility rows (ListSchedules reads them) that workflow
/// listings must not show, as Temporal hides them: every workflow list and count adds this filter.
/// </summary>
public static class SchedulerVisibility
{
    private static readonly VisibilityFilter NotScheduler =
        new VisibilityFilter.Compare(VisibilityField.WorkflowType, ComparisonOperator.NotEqual, SchedulerNames.WorkflowType);

    private static readonly VisibilityFilter RunningSchedulers = new VisibilityFilter.And(
        new VisibilityFilter.Compare(VisibilityField.WorkflowType, ComparisonOperator.Equal, SchedulerNames.WorkflowType),
        new VisibilityFilter.Compare(VisibilityField.ExecutionStatus, ComparisonOperator.Equal, 1));

    /// <summary>The user's filter, restricted to workflows (no schedule executions).</summary>
    public static VisibilityFilter WorkflowsOnly(VisibilityFilter? filter) =>
        filter is null ? NotScheduler : new VisibilityFilter.And(NotScheduler, filter);

    /// <summary>A schedule filter (over WorkflowId), restricted to live schedules.</summary>
    public static VisibilityFilter SchedulesOnly(VisibilityFilter? filter) =>
        filter is null ? RunningSchedulers : new VisibilityFilter.And(RunningSchedulers, filter);

    public static VisibilityQuery WorkflowsOnly(VisibilityQuery query) => query with { Filter = WorkflowsOnly(query.Filter) };
}
