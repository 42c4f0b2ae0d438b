using Fencepost.Engine.Persistence.Errors;

namespace Fencepost.Engine.Persistence.Occ;

/// <summary>Maps a store's native exceptions (e.g. PostgresException by SQLSTATE) to <see cref="PersistenceException"/>.</summary>
public interface IStoreErrorClassifier
{
    /// <summary>The classified error, or null when the exception is not the store's (cancellation, a bug in the caller).</summary>
    PersistenceException? Classify(Exception exception);
}
