using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>One schedule as DescribeSchedule answered: spec, action, policies, state, recent and upcoming actions.</summary>
public sealed record ScheduleDetail(ScheduleRef Schedule, DescribeScheduleResponse Description);
