using Temporalio.Api.History.V1;

namespace Fencepost.Engine.History;

/// <summary>A validated ResetWorkflowExecution request, as history applies it.</summary>
/// <param name="FinishEventId">The WorkflowTaskCompleted (or Failed, TimedOut) event the new run goes back to.</param>
/// <param name="Reason">Recorded in the reset task's failure and in the current run's termination.</param>
/// <param name="RequestId">The new run's create request id: the same request again answers that run.</param>
/// <param name="Identity">Recorded in the current run's termination.</param>
/// <param name="ReapplySignals">Whether the base run's signals after the reset point go to the new run.</param>
/// <param name="PostResetSignals">Signals the request asks to send to the new run (post_reset_operations), recorded after the reapplied ones.</param>
internal sealed record ResetRequest(long FinishEventId, string Reason, string RequestId, string Identity, bool ReapplySignals,
    IReadOnlyList<HistoryEvent> PostResetSignals);
