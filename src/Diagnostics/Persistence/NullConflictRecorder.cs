namespace Fencepost.Diagnostics.Persistence;

/// <summary>Drops observations; for tools that run a store without a console.</summary>
public sealed class NullConflictRecorder : IConflictRecorder
{
    public static NullConflictRecorder Instance { get; } = new();

    public void Record(ConflictObservation observation)
    {
    }
}
