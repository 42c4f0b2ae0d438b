using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Schedule.V1;
using Temporalio.Api.TaskQueue.V1;

namespace Fencepost.Engine.History.Schedules;

/// <summary>
/// Builds a schedule's internal execution: a run of the scheduler type whose state holds the
/// schedule, with a Started event and no workflow task (the engine itself is its worker). Its first
/// step runs in the same write: an initial trigger or backfill, and the first wake-up timer.
/// </summary>
internal static class SchedulerRunBuilder
{
    public static WorkflowMutation Build(Guid namespaceId, string namespaceName, string scheduleId, Schedule schedule, SchedulePatch? initialPatch,
        Memo? memo, SearchAttributes? searchAttributes, string requestId, string identity, DateTimeOffset now)
    {
        var runId = Guid.NewGuid();
        var state = new MutableState
        {
            NamespaceId = namespaceId,
            Namespace = namespaceName,
            WorkflowId = SchedulerNames.WorkflowIdOf(scheduleId),
            RunId = runId,
            FirstRunId = runId,
            WorkflowType = SchedulerNames.WorkflowType,
            TaskQueue = SchedulerNames.TaskQueue,
            CreateRequestId = requestId,
            StartTime = now,
            ExecutionTime = now,
            TaskTimeout = NewRunBuilder.DefaultWorkflowTaskTimeout,
            Memo = memo?.ToByteArray(),
            SearchAttributes = searchAttributes?.ToByteArray(),
            Scheduler = new SchedulerState
            {
                ScheduleId = scheduleId,
                Schedule = SchedulerDefaults.Fill(schedule).ToByteArray(),
                CreateTime = now,
                LastProcessedTime = now,
            },
        };
        var mutation = new WorkflowMutation(state, now);
        var started = mutation.NewEvent(EventType.WorkflowExecutionStarted);
        started.WorkflowExecutionStartedEventAttributes = new WorkflowExecutionStartedEventAttributes
        {
            WorkflowId = state.WorkflowId,
            WorkflowType = new WorkflowType { Name = SchedulerNames.WorkflowType },
            TaskQueue = new TaskQueue { Name = SchedulerNames.TaskQueue, Kind = TaskQueueKind.Normal },
            WorkflowTaskTimeout = Duration.FromTimeSpan(state.TaskTimeout),
            Identity = identity,
            OriginalExecutionRunId = runId.ToString(),
            FirstExecutionRunId = runId.ToString(),
            Attempt = 1,
            Memo = memo,
            SearchAttributes = searchAttributes,
        };
        mutation.Append(started, bufferable: false);
        var machine = new SchedulerMachine(mutation);
        if (initialPatch is not null)
        {
            machine.Patch(initialPatch);
        }
        else
        {
            machine.Tick();
        }
        mutation.VisibilityChanged = true;
        return mutation;
    }
}
