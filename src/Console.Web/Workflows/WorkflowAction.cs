namespace Fencepost.ConsoleWeb.Workflows;

/// <summary>What an operator may do to a workflow from its detail page (all but reset only while it runs).</summary>
public enum WorkflowAction
{
    Signal,
    Update,
    Cancel,
    Terminate,
    /// <summary>Reset to an earlier workflow task: a new run, and the current run terminated (works on closed runs too).</summary>
    Reset,
}
