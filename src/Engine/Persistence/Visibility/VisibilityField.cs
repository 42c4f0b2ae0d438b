namespace Fencepost.Engine.Persistence.Visibility;

/// <summary>The fields the visibility query language can filter and order on (Temporal's common subset).</summary>
public enum VisibilityField
{
    WorkflowId,
    RunId,
    WorkflowType,
    ExecutionStatus,
    TaskQueue,
    StartTime,
    CloseTime,
    ExecutionTime,
}
