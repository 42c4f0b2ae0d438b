namespace Fencepost.Engine.Persistence.Errors;

/// <summary>
/// A commit lost an optimistic-concurrency race: SQLSTATE 40001 with DSQL's OC000 (data) or
/// OC001 (schema). Thrown by the embedded emulator at commit and mapped from PostgreSQL's
/// serialization failures; the OCC runner retries the whole transaction on it.
/// </summary>
public sealed class OccConflictException : PersistenceException
{
    public const string DataConflictCode = "OC000";
    public const string SchemaConflictCode = "OC001";

    public OccConflictException(string ocCode, string message, Exception? inner = null)
        : base(ocCode == SchemaConflictCode ? PersistenceErrorClass.SchemaChanged : PersistenceErrorClass.Conflict,
               $"{message} (SQLSTATE 40001, {ocCode})", inner)
    {
        OcCode = ocCode;
        SqlState = "40001";
    }

    /// <summary>OC000 or OC001.</summary>
    public string OcCode { get; }

    /// <summary>The table and key the emulator saw conflict, when known (DSQL itself never says).</summary>
    public string? ConflictingKey { get; init; }
}
