using Fencepost.Engine.Persistence.Errors;
using Npgsql;

namespace Fencepost.Engine.Persistence.Postgres.Sql;

/// <summary>
/// One transaction attempt on one pooled connection. A transaction is opened by the first batch
/// (a raw BEGIN ... REPEATABLE READ in front of its statements) and committed by a raw COMMIT at the
/// end of the last batch, so a read-check-write transaction costs two round trips and a
/// single-statement operation one (autocommit). After a failure the transaction is rolled back
/// before the connection goes back to the pool.
/// </summary>
internal sealed class PostgresSession(NpgsqlConnection connection, string operation = "transaction")
{
    private bool _inTransaction;

    public NpgsqlConnection Connection => connection;

    /// <summary>A batch that opens the transaction when it is the first one.</summary>
    public NpgsqlBatch CreateBatch()
    {
        var batch = connection.CreateBatch();
        if (!_inTransaction)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(PostgresStatements.Begin));
            _inTransaction = true;
        }
        return batch;
    }

    /// <summary>Appends COMMIT: the batch ends the transaction.</summary>
    public static void AddCommit(NpgsqlBatch batch) => batch.BatchCommands.Add(new NpgsqlBatchCommand(PostgresStatements.Commit));

    public static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    /// <summary>Records that a batch ending in COMMIT has run to its end.</summary>
    public void MarkCommitted() => _inTransaction = false;

    /// <summary>
    /// Runs a write-only batch that ends with COMMIT. An error a statement raised (severity ERROR,
    /// e.g. a unique violation or DSQL's 40001 at COMMIT) came before COMMIT completed, so nothing
    /// committed. A broken connection (an I/O error, a timeout) may have lost the answer to a COMMIT
    /// that went through, and so may a FATAL the server sends when it ends the session on its own
    /// (a fast shutdown's 57P01 can follow a COMMIT it has already made durable): both become a
    /// <see cref="CommitOutcomeUnknownException"/>, and the caller reloads instead of assuming.
    /// </summary>
    public async Task CommitBatchAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        AddCommit(batch);
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsLostAnswer(ex))
        {
            _inTransaction = false;
            throw new CommitOutcomeUnknownException(operation, ex);
        }
        _inTransaction = false;
    }

    /// <summary>A failure that says nothing about what the server did: the connection failed, or the server ended the session rather than the statement.</summary>
    internal static bool IsLostAnswer(Exception exception) => exception switch
    {
        PostgresException pg => pg.InvariantSeverity is "FATAL" or "PANIC",
        NpgsqlException => true,
        IOException or System.Net.Sockets.SocketException or TimeoutException => true,
        _ => false,
    };

    /// <summary>A single autocommit statement; returns rows affected.</summary>
    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A single autocommit query; every row mapped by <paramref name="map"/>.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }
        return rows;
    }

    public async Task<T?> QuerySingleAsync<T>(string sql, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
        where T : class
    {
        var rows = await QueryAsync(sql, map, cancellationToken, parameters).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Ends a transaction a failure left open (a no-op warning when the server already ended it).</summary>
    public async Task RollbackAfterFailureAsync()
    {
        if (!_inTransaction || connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }
        _inTransaction = false;
        try
        {
            await using var command = new NpgsqlCommand(PostgresStatements.Rollback, connection);
            await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The connection broke (or a cancelled command left it unusable); Npgsql discards a
            // broken connection instead of pooling it, and the server ends the transaction with it.
        }
    }
}
