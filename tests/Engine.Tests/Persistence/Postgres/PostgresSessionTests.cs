using Fencepost.Engine.Persistence.Postgres.Sql;
using Npgsql;

namespace Fencepost.Engine.Tests.Persistence.Postgres;

/// <summary>
/// Which failures of a COMMIT batch leave its outcome unknown. A fast shutdown ends every session
/// with FATAL 57P01, and that can arrive after the server made the COMMIT durable: taken for "nothing
/// committed", the write was retried, failed its version check, and the committed run's dispatch
/// task was never handed to its queue (a run stuck with its workflow task scheduled, found by the
/// PostgreSQL restart test).
/// </summary>
public class PostgresSessionTests
{
    [Theory]
    [InlineData("FATAL", "57P01")]
    [InlineData("FATAL", "57P02")]
    [InlineData("PANIC", "XX000")]
    public void IsLostAnswer_ServerEndedTheSession_OutcomeUnknown(string severity, string sqlState) =>
        Assert.True(PostgresSession.IsLostAnswer(new PostgresException("terminating connection", severity, severity, sqlState)));

    [Theory]
    [InlineData("23505")]
    [InlineData("40001")]
    [InlineData("54000")]
    public void IsLostAnswer_StatementError_NothingCommitted(string sqlState) =>
        Assert.False(PostgresSession.IsLostAnswer(new PostgresException("statement failed", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void IsLostAnswer_BrokenConnection_OutcomeUnknown()
    {
        Assert.True(PostgresSession.IsLostAnswer(new IOException("connection reset")));
        Assert.True(PostgresSession.IsLostAnswer(new NpgsqlException("Exception while reading from stream", new EndOfStreamException())));
    }
}
