using Temporalio.Api.Enums.V1;

namespace Fencepost.Engine.History;

/// <summary>A command the engine cannot accept; the workflow task fails with <see cref="Cause"/>.</summary>
internal sealed class CommandValidationException(WorkflowTaskFailedCause cause, string message) : Exception(message)
{
    public WorkflowTaskFailedCause Cause { get; } = cause;
}
