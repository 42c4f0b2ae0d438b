using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Limits;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Postgres.Sql;
using Fencepost.Engine.Persistence.Stores;
using static Fencepost.Engine.Persistence.Postgres.Sql.PostgresParameters;

namespace Fencepost.Engine.Persistence.Postgres.Stores;

/// <summary>
/// Shard rows. Acquire and update are single compare-and-set statements on range_id (one round trip):
/// under DSQL the UPDATE's write joins the commit-time conflict check; PostgreSQL makes a concurrent
/// second writer wait and then fail with 40001, which the runner retries into a clean ownership loss.
/// </summary>
internal sealed class PostgresShardStore(PostgresExecutor executor) : IShardStore
{
    private static PersistenceOperation Op(string name, int shardId) => new(name, "shards", shardId, $"shard:{shardId}");

    public Task<ShardInfo?> GetShardAsync(int shardId, CancellationToken cancellationToken = default) =>
        executor.RunAsync(Op("GetShard", shardId),
            (s, ct) => s.QuerySingleAsync(PostgresStatements.SelectShard, PostgresRows.Shard, ct, Int(shardId)), cancellationToken);

    public async Task<IReadOnlyList<ShardInfo>> ListShardsAsync(CancellationToken cancellationToken = default) =>
        await executor.RunAsync(new PersistenceOperation("ListShards", "shards", null, "shards"),
            (s, ct) => s.QueryAsync(PostgresStatements.SelectShards, PostgresRows.Shard, ct), cancellationToken).ConfigureAwait(false);

    public Task<ShardInfo> GetOrCreateShardAsync(int shardId, CancellationToken cancellationToken = default) =>
        executor.RunAsync(Op("GetOrCreateShard", shardId), async (s, ct) =>
        {
            // Insert-if-absent and read back in one round trip. A concurrent creator makes this 40001
            // (PostgreSQL: ON CONFLICT meets a row its snapshot cannot see; DSQL: at commit), and the
            // retry then sees the winner's row.
            await using var batch = s.CreateBatch();
            batch.BatchCommands.Add(PostgresSession.Command(PostgresStatements.InsertShardIfAbsent, Int(shardId), Time(executor.Time.GetUtcNow()), Bytes([])));
            batch.BatchCommands.Add(PostgresSession.Command(PostgresStatements.SelectShard, Int(shardId)));
            PostgresSession.AddCommit(batch);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var rows = new PostgresRowSets(reader);
            var shard = await rows.ReadRowAsync(PostgresRows.Shard, ct).ConfigureAwait(false);
            await rows.DrainAsync(ct).ConfigureAwait(false);
            s.MarkCommitted();
            return shard ?? throw new InvalidOperationException($"Shard {shardId} was inserted but could not be read back.");
        }, cancellationToken);

    public Task<ShardInfo> AcquireShardAsync(int shardId, string owner, long expectedRangeId, CancellationToken cancellationToken = default) =>
        executor.RunAsync(Op("AcquireShard", shardId), async (s, ct) =>
        {
            var acquired = await s.QuerySingleAsync(PostgresStatements.AcquireShard, PostgresRows.Shard, ct,
                Int(shardId), Long(expectedRangeId), Text(owner), Time(executor.Time.GetUtcNow())).ConfigureAwait(false);
            if (acquired is not null)
            {
                return acquired;
            }
            var actual = await ReadRangeIdAsync(s, shardId, ct).ConfigureAwait(false);
            throw actual is null
                ? new EntityNotFoundException($"Shard {shardId} does not exist.")
                : new ShardOwnershipLostException(shardId, expectedRangeId, actual);
        }, cancellationToken);

    public Task<ShardInfo> UpdateShardAsync(int shardId, long rangeId, byte[] data, CancellationToken cancellationToken = default)
    {
        TransactionBudget.CheckColumn("shards", "data", data.Length);
        return executor.RunAsync(Op("UpdateShard", shardId), async (s, ct) =>
        {
            var updated = await s.QuerySingleAsync(PostgresStatements.UpdateShardData, PostgresRows.Shard, ct,
                Int(shardId), Long(rangeId), Bytes(data), Time(executor.Time.GetUtcNow())).ConfigureAwait(false);
            return updated ?? throw new ShardOwnershipLostException(shardId, rangeId, await ReadRangeIdAsync(s, shardId, ct).ConfigureAwait(false));
        }, cancellationToken);
    }

    internal static async Task<long?> ReadRangeIdAsync(PostgresSession session, int shardId, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync(PostgresStatements.SelectShardRangeId, r => r.GetInt64(0), cancellationToken, Int(shardId)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }
}
