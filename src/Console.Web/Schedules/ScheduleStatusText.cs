using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using MudBlazor;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Schedule.V1;

namespace Fencepost.ConsoleWeb.Schedules;

/// <summary>The short texts and colours the schedule pages share: state, a run's status, times.</summary>
public static class ScheduleStatusText
{
    public static string State(bool paused) => paused ? "Paused" : "Active";

    public static Color StateColor(bool paused) => paused ? Color.Warning : Color.Success;

    /// <summary>The outcome of one action: the status of the run it started, as the schedule last heard it.</summary>
    public static string Result(ScheduleActionResult action) => action.StartWorkflowStatus switch
    {
        WorkflowExecutionStatus.Unspecified => "Started",
        var status => status.ToString(),
    };

    public static Color ResultColor(WorkflowExecutionStatus status) => status switch
    {
        WorkflowExecutionStatus.Running or WorkflowExecutionStatus.Unspecified => Color.Info,
        WorkflowExecutionStatus.Completed => Color.Success,
        WorkflowExecutionStatus.Failed or WorkflowExecutionStatus.Terminated => Color.Error,
        WorkflowExecutionStatus.Canceled or WorkflowExecutionStatus.TimedOut => Color.Warning,
        _ => Color.Default,
    };

    public static string Utc(Timestamp? time) =>
        time is null ? "" : time.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
