namespace Fencepost.Engine.History.Updates;

/// <summary>
/// Update-with-start failed in one of its two operations; the frontend answers with that
/// operation's error and the other marked aborted (Temporal's MultiOperationExecutionFailure).
/// </summary>
internal sealed class UpdateWithStartException(bool inStart, Exception error) : Exception(error.Message, error)
{
    /// <summary>True when the start failed (nothing was updated); false when the update failed.</summary>
    public bool InStart { get; } = inStart;
}
