namespace Fencepost.Engine.Persistence.Errors;

/// <summary>
/// The connection was lost while a transaction's COMMIT was on its way or its answer was: the
/// transaction may have committed or not. Never retried by the OCC runner (a retry would either
/// repeat what committed or fail its own conditions for the wrong reason); whoever wrote must
/// re-read the state before trusting anything it holds in memory about it.
/// </summary>
public sealed class CommitOutcomeUnknownException(string operation, Exception inner)
    : PersistenceException(PersistenceErrorClass.OutcomeUnknown,
        $"The connection broke while '{operation}' was committing; whether it committed is unknown: {inner.Message}", inner)
{
    public string Operation { get; } = operation;
}
