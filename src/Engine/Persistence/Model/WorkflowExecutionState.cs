namespace Fencepost.Engine.Persistence.Model;

/// <summary>Persistence-level lifecycle of a run (Temporal's WorkflowExecutionState).</summary>
public enum WorkflowExecutionState
{
    Created = 1,
    Running = 2,
    Completed = 3,
    Zombie = 4,
}
