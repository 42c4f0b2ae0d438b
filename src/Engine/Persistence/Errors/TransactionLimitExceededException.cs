namespace Fencepost.Engine.Persistence.Errors;

/// <summary>
/// A transaction would exceed one of DSQL's limits (rows, bytes, age, column size). Raised before
/// the database sees it, so nothing is written; carries SQLSTATE 54000 like DSQL's own refusal.
/// </summary>
public sealed class TransactionLimitExceededException : PersistenceException
{
    public TransactionLimitExceededException(string limit, long attempted, long allowed, string detail)
        : base(PersistenceErrorClass.LimitExceeded,
               $"DSQL limit '{limit}' exceeded: {attempted} > {allowed}. {detail}")
    {
        Limit = limit;
        Attempted = attempted;
        Allowed = allowed;
        SqlState = "54000";
    }

    public string Limit { get; }
    public long Attempted { get; }
    public long Allowed { get; }
}
