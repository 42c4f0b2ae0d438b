using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.History;

/// <summary>
/// What a start did: the run it answers with, whether this call (or the earlier call it retries)
/// started that run, and the run's first workflow task when it was started for the caller's worker
/// in the same write (Temporal's eager workflow start).
/// </summary>
internal sealed record StartWorkflowResult(Guid RunId, bool Started, PollWorkflowTaskQueueResponse? EagerWorkflowTask = null);
