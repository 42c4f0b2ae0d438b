namespace Fencepost.Engine.History.Updates;

/// <summary>See <see cref="UpdateLook"/>.</summary>
internal enum UpdateLookKind
{
    /// <summary>The run has no update with the id (never admitted, or lost with the node's memory).</summary>
    Unknown,

    /// <summary>Admitted and in memory, not yet accepted or rejected.</summary>
    InFlight,

    /// <summary>Accepted (durable), not yet completed.</summary>
    Accepted,

    /// <summary>Has its final outcome: completed, rejected, or failed because the run closed first.</summary>
    Completed,
}
