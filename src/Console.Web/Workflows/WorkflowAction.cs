namespace Fencepost.ConsoleWeb.Workflows;

/// <summary>What an operator may do to a running workflow from its detail page.</summary>
public enum WorkflowAction
{
    Signal,
    Update,
    Cancel,
    Terminate,
}
