using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Postgres.Pooling;

namespace Fencepost.Engine.Persistence.Postgres.Sql;

/// <summary>
/// Runs each store operation as one transaction through the <see cref="OccTransactionRunner"/>:
/// every attempt takes a pooled connection, runs the body from scratch and commits, or rolls back
/// and hands the connection back, so a retried attempt starts clean.
/// </summary>
internal sealed class PostgresExecutor(PostgresConnectionPool pool, OccTransactionRunner runner, TimeProvider timeProvider)
{
    public TimeProvider Time => timeProvider;

    public Task<T> RunAsync<T>(PersistenceOperation operation, Func<PostgresSession, CancellationToken, Task<T>> body, CancellationToken cancellationToken) =>
        runner.RunAsync(operation, async ct =>
        {
            var connection = await pool.OpenAsync(ct).ConfigureAwait(false);
            var session = new PostgresSession(connection);
            try
            {
                return await body(session, ct).ConfigureAwait(false);
            }
            catch
            {
                await session.RollbackAfterFailureAsync().ConfigureAwait(false);
                throw;
            }
            finally
            {
                await pool.ReleaseAsync(connection).ConfigureAwait(false);
            }
        }, cancellationToken);

    public Task RunAsync(PersistenceOperation operation, Func<PostgresSession, CancellationToken, Task> body, CancellationToken cancellationToken) =>
        RunAsync(operation, async (session, ct) =>
        {
            await body(session, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
}
