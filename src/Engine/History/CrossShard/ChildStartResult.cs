using Temporalio.Api.Enums.V1;

namespace Fencepost.Engine.History.CrossShard;

/// <summary>The child run that was started (or already had been, for a retried request), or why none was.</summary>
internal sealed record ChildStartResult(Guid RunId, StartChildWorkflowExecutionFailedCause FailedCause)
{
    public bool Started => RunId != Guid.Empty;

    public static ChildStartResult Of(Guid runId) => new(runId, StartChildWorkflowExecutionFailedCause.Unspecified);

    public static ChildStartResult Failed(StartChildWorkflowExecutionFailedCause cause) => new(Guid.Empty, cause);
}
