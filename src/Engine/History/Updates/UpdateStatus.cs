using Temporalio.Api.Enums.V1;
using Temporalio.Api.Update.V1;

namespace Fencepost.Engine.History.Updates;

/// <summary>The most advanced stage an update reached, and its outcome once it has one.</summary>
internal sealed record UpdateStatus(UpdateWorkflowExecutionLifecycleStage Stage, Outcome? Outcome)
{
    public static readonly UpdateStatus Admitted = new(UpdateWorkflowExecutionLifecycleStage.Admitted, null);

    public static readonly UpdateStatus Accepted = new(UpdateWorkflowExecutionLifecycleStage.Accepted, null);

    public static UpdateStatus Completed(Outcome outcome) => new(UpdateWorkflowExecutionLifecycleStage.Completed, outcome);
}
