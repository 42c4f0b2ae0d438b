using Fencepost.Engine.Matching;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Cluster.Routing;

/// <summary>
/// Matching's way to record a matched task as started in the history shard that owns its
/// workflow (null: the task is stale, poll again).
/// </summary>
internal interface ITaskStarter
{
    Task<PollWorkflowTaskQueueResponse?> RecordWorkflowTaskStartedAsync(MatchingTaskData task, string pollRequestId, string identity, CancellationToken cancellationToken);

    Task<PollActivityTaskQueueResponse?> RecordActivityTaskStartedAsync(MatchingTaskData task, string pollRequestId, string identity, CancellationToken cancellationToken);
}
