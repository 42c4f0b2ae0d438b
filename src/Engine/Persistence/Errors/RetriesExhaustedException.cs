namespace Fencepost.Engine.Persistence.Errors;

/// <summary>Conflicts kept happening until the OCC runner's retry budget ran out.</summary>
public sealed class RetriesExhaustedException(string operation, int attempts, PersistenceException last)
    : PersistenceException(PersistenceErrorClass.RetriesExhausted,
        $"'{operation}' still conflicted after {attempts} attempts: {last.Message}", last)
{
    public string Operation { get; } = operation;
    public int Attempts { get; } = attempts;
}
