using Fencepost.Engine.History;
using Fencepost.Engine.Matching;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Cluster.Routing;

/// <summary>Every history shard is in this process.</summary>
internal sealed class LocalTaskStarter(HistoryEngine history) : ITaskStarter
{
    public Task<PollWorkflowTaskQueueResponse?> RecordWorkflowTaskStartedAsync(MatchingTaskData task, string pollRequestId, string identity, CancellationToken cancellationToken) =>
        history.RecordWorkflowTaskStartedAsync(task, pollRequestId, identity, cancellationToken);

    public Task<PollActivityTaskQueueResponse?> RecordActivityTaskStartedAsync(MatchingTaskData task, string pollRequestId, string identity, CancellationToken cancellationToken) =>
        history.RecordActivityTaskStartedAsync(task, pollRequestId, identity, cancellationToken);
}
