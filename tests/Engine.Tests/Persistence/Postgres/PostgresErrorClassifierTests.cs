using System.Net.Sockets;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Postgres;
using Npgsql;

namespace Fencepost.Engine.Tests.Persistence.Postgres;

public sealed class PostgresErrorClassifierTests
{
    private static PostgresException Server(string sqlState, string message = "boom") => new(message, "ERROR", "ERROR", sqlState);

    [Theory]
    [InlineData("40001", "change conflicts with another transaction (OC000)", PersistenceErrorClass.Conflict, "OC000")]
    [InlineData("40001", "schema has been updated by another transaction (OC001)", PersistenceErrorClass.SchemaChanged, "OC001")]
    [InlineData("40001", "could not serialize access due to concurrent update", PersistenceErrorClass.Conflict, "OC000")]
    [InlineData("40P01", "deadlock detected", PersistenceErrorClass.Conflict, "OC000")]
    public void Classify_SerializationFailures_AreRetryableConflicts(string sqlState, string message, PersistenceErrorClass expected, string ocCode)
    {
        var classified = PostgresErrorClassifier.Instance.Classify(Server(sqlState, message));

        var conflict = Assert.IsType<OccConflictException>(classified);
        Assert.Equal(expected, conflict.ErrorClass);
        Assert.Equal(ocCode, conflict.OcCode);
        Assert.True(conflict.IsRetryable);
        Assert.Equal("40001", conflict.SqlState);
    }

    [Theory]
    [InlineData("0A000", PersistenceErrorClass.Unsupported)]
    [InlineData("53300", PersistenceErrorClass.ConnectionCapacity)]
    [InlineData("53400", PersistenceErrorClass.ConnectionCapacity)]
    [InlineData("54000", PersistenceErrorClass.LimitExceeded)]
    [InlineData("23505", PersistenceErrorClass.ConditionFailed)]
    [InlineData("57P01", PersistenceErrorClass.Unavailable)]
    [InlineData("42P01", PersistenceErrorClass.Unknown)]
    public void Classify_OtherServerErrors_FailFastKeepingTheSqlState(string sqlState, PersistenceErrorClass expected)
    {
        var classified = PostgresErrorClassifier.Instance.Classify(Server(sqlState));

        Assert.NotNull(classified);
        Assert.Equal(expected, classified.ErrorClass);
        Assert.Equal(sqlState, classified.SqlState);
        Assert.False(classified.IsRetryable);
    }

    [Fact]
    public void Classify_SessionEndedForIdlingInATransaction_IsUnavailable()
    {
        // 25P03: PostgreSQL ended a session that sat in an open transaction longer than
        // idle_in_transaction_session_timeout (the store sets 10 s), as a node paused by GC, a VM
        // stall or SIGSTOP does mid-transaction. Its transaction rolled back: the caller may try
        // again elsewhere, like a broken socket, and must not get INTERNAL.
        var classified = PostgresErrorClassifier.Instance.Classify(Server("25P03", "terminating connection due to idle-in-transaction timeout"));

        Assert.Equal(PersistenceErrorClass.Unavailable, classified?.ErrorClass);
    }

    [Fact]
    public void Classify_BrokenSocket_IsUnavailable()
    {
        var classified = PostgresErrorClassifier.Instance.Classify(new NpgsqlException("Exception while reading from stream", new SocketException((int)SocketError.ConnectionReset)));

        Assert.Equal(PersistenceErrorClass.Unavailable, classified?.ErrorClass);
    }

    [Fact]
    public void Classify_ForeignException_IsNotTheStores()
    {
        Assert.Null(PostgresErrorClassifier.Instance.Classify(new OperationCanceledException()));
    }
}
