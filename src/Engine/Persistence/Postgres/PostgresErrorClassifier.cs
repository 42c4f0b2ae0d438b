using System.Net.Sockets;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Occ;
using Npgsql;

namespace Fencepost.Engine.Persistence.Postgres;

/// <summary>
/// Maps Npgsql failures to <see cref="PersistenceException"/>s by SQLSTATE (and DSQL's OC codes in
/// the message), never by guessing. The SQLSTATE is kept on the classified exception.
/// </summary>
public sealed class PostgresErrorClassifier : IStoreErrorClassifier
{
    public static PostgresErrorClassifier Instance { get; } = new();

    public PersistenceException? Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            PostgresException pg => ClassifyServerError(pg),
            NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException =>
                new PersistenceException(PersistenceErrorClass.Unavailable, $"PostgreSQL is unavailable: {npgsql.Message}", npgsql),
            NpgsqlException npgsql => new PersistenceException(PersistenceErrorClass.Unknown, npgsql.Message, npgsql),
            SocketException socket => new PersistenceException(PersistenceErrorClass.Unavailable, $"PostgreSQL is unavailable: {socket.Message}", socket),
            _ => null,
        };
    }

    private static PersistenceException ClassifyServerError(PostgresException pg)
    {
        var state = pg.SqlState;
        switch (state)
        {
            case PostgresErrorCodes.SerializationFailure:
                // DSQL: 40001 with OC000 (data) or OC001 (catalog) in the message. PostgreSQL's own
                // "could not serialize access due to concurrent update" carries no OC code: a data conflict.
                var code = pg.MessageText.Contains(OccConflictException.SchemaConflictCode, StringComparison.Ordinal)
                    ? OccConflictException.SchemaConflictCode
                    : OccConflictException.DataConflictCode;
                return new OccConflictException(code, pg.MessageText, pg);
            case PostgresErrorCodes.DeadlockDetected:
                // PostgreSQL only (DSQL never blocks, so never deadlocks): the victim retries like a conflict.
                return new OccConflictException(OccConflictException.DataConflictCode, $"deadlock: {pg.MessageText}", pg) { ConflictingKey = null };
            case PostgresErrorCodes.FeatureNotSupported:
                return Classified(PersistenceErrorClass.Unsupported, pg, "The statement uses a feature the server does not support (a bug in the store)");
            case PostgresErrorCodes.TooManyConnections:
            case PostgresErrorCodes.ConfigurationLimitExceeded:
                return Classified(PersistenceErrorClass.ConnectionCapacity, pg, "The server refused the connection for capacity");
            case PostgresErrorCodes.ProgramLimitExceeded:
                return Classified(PersistenceErrorClass.LimitExceeded, pg, "A transaction limit was exceeded");
            case PostgresErrorCodes.UniqueViolation:
                // Each operation maps duplicates itself (AlreadyExists or ConditionFailed); one that
                // did not expect a duplicate sees a failed condition.
                return Classified(PersistenceErrorClass.ConditionFailed, pg, "A row with the same key exists");
            case "25P03": // idle_in_transaction_session_timeout (Npgsql names no constant for it)
                // The server ended a session that sat in an open transaction past the store's
                // idle_in_transaction_session_timeout: the process was paused mid-transaction (GC,
                // VM stall, SIGSTOP). Nothing committed; like a broken socket, a retry (here, or at
                // the shard's new owner) is safe, so callers must see UNAVAILABLE, not INTERNAL.
                return Classified(PersistenceErrorClass.Unavailable, pg, "The server ended a session left idle in a transaction");
            case PostgresErrorCodes.AdminShutdown:
            case PostgresErrorCodes.CrashShutdown:
            case PostgresErrorCodes.CannotConnectNow:
                return Classified(PersistenceErrorClass.Unavailable, pg, "The server is shutting down or starting");
            default:
                return pg.IsTransient
                    ? Classified(PersistenceErrorClass.Unavailable, pg, "Transient server error")
                    : Classified(PersistenceErrorClass.Unknown, pg, "Server error");
        }
    }

    private static PersistenceException Classified(PersistenceErrorClass errorClass, PostgresException pg, string what) =>
        new(errorClass, $"{what}: {pg.SqlState} {pg.MessageText}", pg) { SqlState = pg.SqlState };
}
