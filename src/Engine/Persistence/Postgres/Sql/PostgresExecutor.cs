using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Postgres.Pooling;
using Npgsql;

namespace Fencepost.Engine.Persistence.Postgres.Sql;

/// <summary>
/// Runs each store operation as one transaction through the <see cref="OccTransactionRunner"/>:
/// every attempt takes a pooled connection, runs the body from scratch and commits, or rolls back
/// and hands the connection back, so a retried attempt starts clean. Every path returns the
/// connection (a broken one is discarded by Npgsql on return), and a failure that shows the server
/// went away tells the pool, which drops its idle connections and refills.
/// </summary>
internal sealed class PostgresExecutor(PostgresConnectionPool pool, OccTransactionRunner runner, TimeProvider timeProvider,
    ConnectionPriority priority = ConnectionPriority.Normal)
{
    public TimeProvider Time => timeProvider;

    public Task<T> RunAsync<T>(PersistenceOperation operation, Func<PostgresSession, CancellationToken, Task<T>> body, CancellationToken cancellationToken) =>
        runner.RunAsync(operation, async ct =>
        {
            NpgsqlConnection connection;
            try
            {
                connection = await pool.OpenAsync(priority, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ShowsServerGone(ex))
            {
                pool.ReportBroken();
                throw;
            }
            var session = new PostgresSession(connection, operation.Name);
            try
            {
                return await body(session, ct).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                if (ShowsServerGone(ex) || connection.State is System.Data.ConnectionState.Broken or System.Data.ConnectionState.Closed)
                {
                    pool.ReportBroken();
                }
                await session.RollbackAfterFailureAsync().ConfigureAwait(false);
                throw;
            }
            finally
            {
                await pool.ReleaseAsync(connection, priority).ConfigureAwait(false);
            }
        }, cancellationToken);

    public Task RunAsync(PersistenceOperation operation, Func<PostgresSession, CancellationToken, Task> body, CancellationToken cancellationToken) =>
        RunAsync(operation, async (session, ct) =>
        {
            await body(session, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>
    /// The server is shutting down or starting, or a connection to it was refused or broke: the
    /// pool's idle connections are suspect. A timeout (a busy pool, a slow statement) is not.
    /// </summary>
    private static bool ShowsServerGone(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case PostgresException pg:
                    return pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;
                case System.Net.Sockets.SocketException or EndOfStreamException:
                    return true;
                case IOException when ex.InnerException is null or System.Net.Sockets.SocketException:
                    return true;
                case TimeoutException:
                    return false;
            }
        }
        return false;
    }
}
