using Npgsql;

namespace Fencepost.Engine.Persistence.Postgres.Sql;

/// <summary>
/// Walks the row sets of a batch's reader, skipping the results of statements that return no rows
/// (BEGIN, INSERT, COMMIT), so callers read their SELECTs in the order they added them.
/// </summary>
internal sealed class PostgresRowSets(NpgsqlDataReader reader)
{
    private bool _started;

    public NpgsqlDataReader Reader => reader;

    public async Task MoveNextAsync(CancellationToken cancellationToken)
    {
        if (_started && !await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The batch returned fewer row sets than it has queries.");
        }
        _started = true;
        while (reader.FieldCount == 0)
        {
            if (!await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException("The batch returned fewer row sets than it has queries.");
            }
        }
    }

    /// <summary>Moves to the next row set and reads its first row's value, or default when it has none.</summary>
    public async Task<T?> ReadScalarAsync<T>(CancellationToken cancellationToken)
    {
        await MoveNextAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetFieldValue<T>(0) : default;
    }

    /// <summary>Moves to the next row set and maps its first row, or null when it has none.</summary>
    public async Task<T?> ReadRowAsync<T>(Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
        where T : class
    {
        await MoveNextAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? map(reader) : null;
    }

    /// <summary>Consumes what is left so errors of later statements (a failing COMMIT) surface here.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
        }
    }
}
