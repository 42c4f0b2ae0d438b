namespace Fencepost.Engine.History.Updates;

/// <summary>
/// A durable update of a run, kept in its mutable state: only pointers to its history events, so
/// the state stays small (the request lives in the Accepted event, the outcome in the Completed one).
/// </summary>
internal sealed class UpdateInfo
{
    /// <summary>The WorkflowExecutionUpdateAccepted event.</summary>
    public long AcceptedEventId { get; set; }

    /// <summary>The WorkflowExecutionUpdateCompleted event; 0 while the update runs.</summary>
    public long CompletedEventId { get; set; }

    public bool Completed => CompletedEventId > 0;
}
