namespace Fencepost.Engine.Persistence.Errors;

/// <summary>Base of every error the persistence layer reports; the class decides retryability.</summary>
public class PersistenceException : Exception
{
    public PersistenceException(PersistenceErrorClass errorClass, string message, Exception? inner = null)
        : base(message, inner) => ErrorClass = errorClass;

    public PersistenceErrorClass ErrorClass { get; }

    /// <summary>The SQLSTATE behind this error when a database reported it (e.g. 40001, 54000).</summary>
    public string? SqlState { get; init; }

    /// <summary>True only for the classes a whole-transaction retry can fix.</summary>
    public bool IsRetryable => ErrorClass is PersistenceErrorClass.Conflict or PersistenceErrorClass.SchemaChanged;
}
