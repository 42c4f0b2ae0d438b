namespace Fencepost.Diagnostics.Persistence;

/// <summary>Receives every attributed OCC conflict. Implementations must be cheap and thread-safe: they sit on the retry path.</summary>
public interface IConflictRecorder
{
    void Record(ConflictObservation observation);
}
