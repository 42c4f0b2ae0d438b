namespace Fencepost.Engine.History;

/// <summary>A validated ResetWorkflowExecution request, as history applies it.</summary>
internal sealed record ResetRequest(long FinishEventId, string Reason, string RequestId, string Identity, bool ReapplySignals);
