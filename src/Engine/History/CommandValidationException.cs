using Temporalio.Api.Enums.V1;

namespace Fencepost.Engine.History;

/// <summary>
/// A command the engine cannot accept; the workflow task fails with <see cref="Cause"/>, and when
/// <see cref="TerminatesWorkflow"/> (a payload over the limit, which a retry would only repeat)
/// the workflow is terminated too.
/// </summary>
internal sealed class CommandValidationException(WorkflowTaskFailedCause cause, string message, bool terminatesWorkflow = false) : Exception(message)
{
    public WorkflowTaskFailedCause Cause { get; } = cause;

    public bool TerminatesWorkflow { get; } = terminatesWorkflow;
}
