using System.Security.Claims;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>
/// Reads one run (description and history) and performs the operator's actions on it. Actions check
/// the user's permission themselves and record <c>console:&lt;user&gt;</c> as the identity; they throw
/// <see cref="WorkflowActionException"/> with a message an operator can act on when the server refuses.
/// </summary>
public interface IWorkflowDetails
{
    /// <summary>The run's description and close event, or null when the namespace, workflow or run does not exist. Reads no other history.</summary>
    Task<WorkflowDetail?> GetAsync(string namespaceName, string workflowId, string runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of the run's history: from its first event when <paramref name="pageToken"/> is null, else
    /// from where the page that returned the token ended. At most <paramref name="pageSize"/> events.
    /// </summary>
    Task<HistoryPage> GetHistoryPageAsync(WorkflowRunRef run, byte[]? pageToken, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Signals the run with <paramref name="payloadJson"/> (one JSON value, or empty for no argument).</summary>
    Task SignalAsync(ClaimsPrincipal user, WorkflowRunRef run, string signalName, string payloadJson, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends update <paramref name="updateName"/> with <paramref name="payloadJson"/> (one JSON value, or empty for no
    /// argument) and waits a while for its outcome; the reason travels in the request and is recorded
    /// with it. Returns a sentence saying how far the update got and, once completed, its outcome.
    /// </summary>
    Task<string> UpdateAsync(ClaimsPrincipal user, WorkflowRunRef run, string updateName, string payloadJson, string reason, CancellationToken cancellationToken = default);

    Task RequestCancelAsync(ClaimsPrincipal user, WorkflowRunRef run, string reason, CancellationToken cancellationToken = default);

    Task TerminateAsync(ClaimsPrincipal user, WorkflowRunRef run, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the run (DeleteWorkflowExecution; a running run is terminated first). Its history goes
    /// with it, so the reason is kept in the console's log (event 5012) with the user's name.
    /// </summary>
    Task DeleteAsync(ClaimsPrincipal user, WorkflowRunRef run, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Resets the run to the workflow task that event <paramref name="workflowTaskFinishEventId"/> (a
    /// WorkflowTaskCompleted) finished: a new run replays up to there, the workflow's current run is
    /// terminated if still running, and signals after that point are reapplied. Returns the new run's id.
    /// </summary>
    Task<string> ResetAsync(ClaimsPrincipal user, WorkflowRunRef run, long workflowTaskFinishEventId, string reason, CancellationToken cancellationToken = default);
}
