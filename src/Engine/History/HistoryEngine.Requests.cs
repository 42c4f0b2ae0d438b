using Fencepost.Engine.Errors;
using Temporalio.Api.Common.V1;

namespace Fencepost.Engine.History;

internal sealed partial class HistoryEngine
{
    /// <summary>
    /// Signals a running run; a retried signal (same request id) is applied once. The retry is
    /// answered as a success even when the run has closed since: its first attempt was delivered,
    /// and a caller that lost that answer (a client, or a parent's transfer task) must not record
    /// the delivered signal as failed.
    /// </summary>
    public Task SignalAsync(WorkflowKey key, string signalName, Payloads? input, string identity, string requestId, Header? header, CancellationToken cancellationToken) =>
        UpdateRunAsync(key, mutation =>
        {
            if (mutation.IsRememberedSignalRequest(requestId))
            {
                return true;
            }
            RequireRunning(mutation.State);
            if (mutation.State.SignalCount >= config.Get(RunLimitKeys.MaximumSignalsPerExecution, mutation.State.Namespace))
            {
                throw ServiceErrorException.InvalidArgument(SignalsLimitExceeded);
            }
            mutation.RememberSignalRequest(requestId);
            mutation.AddSignal(signalName, input, identity, header);
            return true;
        }, cancellationToken);

    /// <summary>Temporal's answer to a signal past <see cref="RunLimitKeys.MaximumSignalsPerExecution"/>.</summary>
    internal const string SignalsLimitExceeded = "exceeded workflow execution limit for signal events";

    public Task RequestCancelAsync(WorkflowKey key, string? firstRunId, string reason, string identity, string requestId, WorkflowExecution? external, long externalInitiatedId, CancellationToken cancellationToken) =>
        UpdateRunAsync(key, mutation =>
        {
            var state = mutation.State;
            RequireChain(state, firstRunId);
            RequireRunning(state);
            if (state.CancelRequested)
            {
                // Already requested: idempotent (Temporal answers success for the same or any request id).
                return true;
            }
            state.CancelRequestId = requestId;
            mutation.AddCancelRequest(reason, identity, external, externalInitiatedId);
            return true;
        }, cancellationToken);

    public Task TerminateAsync(WorkflowKey key, string? firstRunId, string reason, Payloads? details, string identity, CancellationToken cancellationToken) =>
        UpdateRunAsync(key, mutation =>
        {
            RequireChain(mutation.State, firstRunId);
            RequireRunning(mutation.State);
            mutation.TerminateWorkflow(reason, details, identity);
            return true;
        }, cancellationToken);

    private static void RequireRunning(MutableState state)
    {
        if (!state.IsRunning)
        {
            throw ServiceErrorException.NotFound("Workflow execution already completed.");
        }
    }

    /// <summary>A handle's first_execution_run_id must name the chain the current run belongs to.</summary>
    private static void RequireChain(MutableState state, string? firstRunId)
    {
        if (!string.IsNullOrEmpty(firstRunId) && !string.Equals(state.FirstRunId.ToString(), firstRunId, StringComparison.OrdinalIgnoreCase))
        {
            throw ServiceErrorException.NotFound($"Workflow execution {state.WorkflowId} with first run id {firstRunId} not found.");
        }
    }
}
