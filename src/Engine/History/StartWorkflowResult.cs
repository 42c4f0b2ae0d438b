using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.History;

/// <summary>
/// What a start did: the run it answers with, whether this call (or the earlier call it retries)
/// started that run, and the run's first workflow task when it was started for the caller's worker
/// in the same write (Temporal's eager workflow start), and the run's status as the response
/// reports it (running, unless a retried start finds its run already closed).
/// </summary>
internal sealed record StartWorkflowResult(Guid RunId, bool Started, PollWorkflowTaskQueueResponse? EagerWorkflowTask = null,
    WorkflowExecutionStatus Status = WorkflowExecutionStatus.Running);
