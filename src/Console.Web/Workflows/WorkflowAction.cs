namespace Fencepost.ConsoleWeb.Workflows;

/// <summary>What an operator may do to a workflow from its detail page (all but Delete to a running one only).</summary>
public enum WorkflowAction
{
    Signal,
    Update,
    Cancel,
    Terminate,
    /// <summary>DeleteWorkflowExecution: a running run is terminated first; the run and its history go.</summary>
    Delete,
}
