using Fencepost.Engine.History;
using Fencepost.Engine.Matching;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Frontend;

/// <summary>
/// A legacy query task as a poller receives it: the full history, the query, started_event_id 0.
/// Built where the run lives (the history node), whichever node's matching hands it out.
/// </summary>
internal static class QueryTaskResponse
{
    public static PollWorkflowTaskQueueResponse Build(MutableState state, IReadOnlyList<HistoryEvent> events, QueryTask query, TaskTokenCodec tokens, DateTimeOffset now)
    {
        var token = new TaskToken(TaskTokenKind.Query, state.NamespaceId, state.WorkflowId, state.RunId, 0, 0, 1, query.Id);
        var timestamp = Timestamp.FromDateTimeOffset(now);
        var response = new PollWorkflowTaskQueueResponse
        {
            TaskToken = tokens.Encode(token),
            WorkflowExecution = new WorkflowExecution { WorkflowId = state.WorkflowId, RunId = state.RunId.ToString() },
            WorkflowType = new WorkflowType { Name = state.WorkflowType },
            PreviousStartedEventId = state.LastCompletedWorkflowTaskStartedEventId,
            StartedEventId = 0,
            Attempt = 1,
            History = new Temporalio.Api.History.V1.History(),
            Query = query.Query,
            WorkflowExecutionTaskQueue = new TaskQueue { Name = state.TaskQueue, Kind = TaskQueueKind.Normal },
            ScheduledTime = timestamp,
            StartedTime = timestamp,
        };
        response.History.Events.AddRange(events);
        return response;
    }
}
