using Fencepost.Engine.Errors;
using Grpc.Core;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;

namespace Fencepost.Engine.History.Updates;

/// <summary>The errors an update's caller gets, with Temporal's codes and details so the SDKs read them alike.</summary>
internal static class UpdateErrors
{
    private const string ContinuingMessage = "Workflow update was aborted: the run it was sent to continued as a new run before the workflow saw it.";

    /// <summary>The run is closed and has no update with the id (Temporal's ErrWorkflowCompleted).</summary>
    public static ServiceErrorException WorkflowCompleted() => ServiceErrorException.NotFound("Workflow execution already completed.");

    /// <summary>An admitted update the workflow never saw, when the run closed (NOT_FOUND, as Temporal).</summary>
    public static ServiceErrorException AbortedByClosingWorkflow() =>
        ServiceErrorException.NotFound("Workflow update was aborted: the workflow closed before it saw the update.");

    /// <summary>
    /// An admitted update the workflow never saw, when the run continued as new (or was retried,
    /// or its cron schedule fired, or a start replaced it): the engine sends it again to the new run.
    /// </summary>
    public static ServiceErrorException AbortedByContinuingWorkflow() => Busy(ContinuingMessage);

    public static bool IsAbortedByContinuingWorkflow(ServiceErrorException error) =>
        error.Code == StatusCode.ResourceExhausted && error.Message == ContinuingMessage;

    /// <summary>The update was lost with the node's memory of it (the shard moved, the engine stops): UNAVAILABLE, so the SDK sends it again.</summary>
    public static ServiceErrorException AbortedByServer(string why) => ServiceErrorException.Unavailable($"Workflow update was aborted ({why}); retry.");

    /// <summary>The workflow tried to close on its last workflow task and is deciding again (Temporal's ErrWorkflowClosing; the SDK retries).</summary>
    public static ServiceErrorException WorkflowClosing() => Busy("Workflow update can not be applied because the workflow is closing.");

    public static ServiceErrorException TooManyInFlight(int limit) => new(StatusCode.ResourceExhausted,
        $"The limit on in-flight updates of this workflow run has been reached (history.maxInFlightUpdates = {limit}); retry once some have completed.",
        new ResourceExhaustedFailure { Cause = ResourceExhaustedCause.ConcurrentLimit, Scope = ResourceExhaustedScope.Namespace });

    /// <summary>
    /// FAILED_PRECONDITION, as Temporal: the limit does not go away for this run, and a code the SDK
    /// retries (RESOURCE_EXHAUSTED) would only make the caller wait for the same answer.
    /// </summary>
    public static ServiceErrorException TooManyTotal(int limit) => ServiceErrorException.FailedPrecondition(
        $"The limit on the total number of updates of this workflow run has been reached (history.maxTotalUpdates = {limit}). "
        + "Give duplicate requests the same update id so they are deduplicated, reject updates the workflow will not process, "
        + "or continue-as-new (workflow tasks suggest it as the limit nears).");

    /// <summary>The workflow task keeps failing, so an update could not be delivered (Temporal fails fast from the third attempt).</summary>
    public static ServiceErrorException WorkflowTaskFailing() => new(StatusCode.FailedPrecondition,
        "Unable to perform workflow execution update: the workflow task is failing (attempt 3 or later).", new WorkflowNotReadyFailure());

    public static ServiceErrorException UpdateNotFound(string updateId) => ServiceErrorException.NotFound($"Update {ErrorText.Echo(updateId)} not found.");

    private static ServiceErrorException Busy(string message) => new(StatusCode.ResourceExhausted, message,
        new ResourceExhaustedFailure { Cause = ResourceExhaustedCause.BusyWorkflow, Scope = ResourceExhaustedScope.Namespace });
}
