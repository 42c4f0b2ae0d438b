using Fencepost.ConsoleWeb.Data;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Schedule.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;
using Range = Temporalio.Api.Schedule.V1.Range;

namespace Fencepost.ConsoleWeb.Tests.Fakes;

/// <summary>Schedules as the engine describes them: a nightly report in Berlin time and a five-minute sync.</summary>
public static class SampleSchedules
{
    public static readonly DateTimeOffset LastNight = new(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);

    /// <summary>Every day at 02:00 Europe/Berlin (as the engine stores a calendar "hour: 2").</summary>
    public static ScheduleSpec Nightly() => new()
    {
        TimezoneName = "Europe/Berlin",
        StructuredCalendar =
        {
            new StructuredCalendarSpec
            {
                Second = { new Range { Start = 0 } },
                Minute = { new Range { Start = 0 } },
                Hour = { new Range { Start = 2 } },
                DayOfMonth = { new Range { Start = 1, End = 31 } },
                Month = { new Range { Start = 1, End = 12 } },
                DayOfWeek = { new Range { Start = 0, End = 6 } },
            },
        },
    };

    public static ScheduleSpec EveryFiveMinutes() => new() { Interval = { new IntervalSpec { Interval = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)) } } };

    public static ScheduleDetail Nightly(string scheduleId, bool paused = false, string notes = "")
    {
        var description = new DescribeScheduleResponse
        {
            Schedule = new Schedule
            {
                Spec = Nightly(),
                Action = new ScheduleAction
                {
                    StartWorkflow = new NewWorkflowExecutionInfo
                    {
                        WorkflowId = "report",
                        WorkflowType = new WorkflowType { Name = "ReportWorkflow" },
                        TaskQueue = new TaskQueue { Name = "reports" },
                    },
                },
                Policies = new SchedulePolicies { OverlapPolicy = ScheduleOverlapPolicy.BufferOne },
                State = new ScheduleState { Paused = paused, Notes = notes },
            },
            Info = new ScheduleInfo
            {
                ActionCount = 2,
                CreateTime = Timestamp.FromDateTimeOffset(LastNight.AddDays(-2)),
                RecentActions =
                {
                    Action("report-2026-11-21T01:00:00Z", "run-1", LastNight.AddDays(-1), WorkflowExecutionStatus.Completed),
                    Action("report-2026-11-22T01:00:00Z", "run-2", LastNight, WorkflowExecutionStatus.Running),
                },
                RunningWorkflows = { new WorkflowExecution { WorkflowId = "report-2026-11-22T01:00:00Z", RunId = "run-2" } },
                FutureActionTimes = { Timestamp.FromDateTimeOffset(LastNight.AddDays(1)), Timestamp.FromDateTimeOffset(LastNight.AddDays(2)) },
            },
        };
        return new ScheduleDetail(new ScheduleRef("default", scheduleId), description);
    }

    public static ScheduleListEntry Entry(string scheduleId, ScheduleSpec spec, bool paused, params ScheduleActionResult[] recent) => new()
    {
        ScheduleId = scheduleId,
        Info = new ScheduleListInfo
        {
            Spec = spec,
            WorkflowType = new WorkflowType { Name = "SyncWorkflow" },
            Paused = paused,
            RecentActions = { recent },
            FutureActionTimes = { Timestamp.FromDateTimeOffset(LastNight.AddMinutes(5)) },
        },
    };

    public static ScheduleActionResult Action(string workflowId, string runId, DateTimeOffset scheduled, WorkflowExecutionStatus status) => new()
    {
        ScheduleTime = Timestamp.FromDateTimeOffset(scheduled),
        ActualTime = Timestamp.FromDateTimeOffset(scheduled.AddSeconds(1)),
        StartWorkflowResult = new WorkflowExecution { WorkflowId = workflowId, RunId = runId },
        StartWorkflowStatus = status,
    };
}
