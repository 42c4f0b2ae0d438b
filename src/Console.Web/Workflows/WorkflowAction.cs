namespace Fencepost.ConsoleWeb.Workflows;

/// <summary>What an operator may do to a workflow from its detail page (signal, update, cancel and terminate to a running one only; delete and reset to any).</summary>
public enum WorkflowAction
{
    Signal,
    Update,
    Cancel,
    Terminate,
    /// <summary>DeleteWorkflowExecution: a running run is terminated first; the run and its history go.</summary>
    Delete,
    /// <summary>Reset to an earlier workflow task: a new run, and the current run terminated (works on closed runs too).</summary>
    Reset,
}
