namespace Fencepost.Engine.Persistence.Model;

/// <summary>What must be true of the current run when a new run is created.</summary>
public enum CreateMode
{
    /// <summary>No current run may exist for the workflow id.</summary>
    BrandNew,
    /// <summary>The current run must be <c>PreviousRunId</c> and closed (id reuse after completion).</summary>
    WorkflowIdReuse,
    /// <summary>
    /// The current run must be <c>PreviousRunId</c>, in any state: it is closed by an update in the
    /// same write (continue-as-new, retry, cron, terminate-if-running).
    /// </summary>
    ContinueAsNew,
}
