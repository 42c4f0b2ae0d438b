using Fencepost.Engine.Persistence.Embedded.Mvcc;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.Persistence.Embedded.Stores;

internal sealed class EmbeddedShardStore(EmbeddedTransactions transactions) : IShardStore
{
    private EmbeddedTables Tables => transactions.Tables;

    public Task<ShardInfo?> GetShardAsync(int shardId, CancellationToken cancellationToken = default) =>
        transactions.RunAsync(Operation("GetShard", shardId),
            tx => tx.Get(Tables.Shards, shardId) is { } shard ? StoredValues.Of(shard) : null,
            cancellationToken);

    public Task<IReadOnlyList<ShardInfo>> ListShardsAsync(CancellationToken cancellationToken = default) =>
        transactions.RunAsync<IReadOnlyList<ShardInfo>>(new PersistenceOperation("ListShards", EmbeddedTables.ShardsName, null, "shards"),
            tx => [.. tx.Scan(Tables.Shards, KeyRange.All<int>()).Select(row => StoredValues.Of(row.Value))],
            cancellationToken);

    public Task<ShardInfo> GetOrCreateShardAsync(int shardId, CancellationToken cancellationToken = default) =>
        transactions.RunAsync(Operation("GetOrCreateShard", shardId), tx =>
        {
            if (tx.Get(Tables.Shards, shardId) is { } existing)
            {
                return StoredValues.Of(existing);
            }
            var now = transactions.Now();
            var created = new ShardInfo(shardId, 0, "", now, now, []);
            // Two creators both insert; the later commit conflicts, retries, and then reads the winner's row.
            tx.TryInsert(Tables.Shards, shardId, created);
            return StoredValues.Of(created);
        }, cancellationToken);

    public Task<ShardInfo> AcquireShardAsync(int shardId, string owner, long expectedRangeId, CancellationToken cancellationToken = default) =>
        transactions.RunAsync(Operation("AcquireShard", shardId), tx =>
        {
            var shard = tx.Get(Tables.Shards, shardId, forUpdate: true)
                ?? throw new EntityNotFoundException($"Shard {shardId} does not exist; create it before acquiring it.");
            if (shard.RangeId != expectedRangeId)
            {
                throw new ShardOwnershipLostException(shardId, expectedRangeId, shard.RangeId);
            }
            var now = transactions.Now();
            var acquired = shard with { RangeId = shard.RangeId + 1, Owner = owner, AcquiredAt = now, UpdatedAt = now };
            tx.Upsert(Tables.Shards, shardId, acquired);
            return StoredValues.Of(acquired);
        }, cancellationToken);

    public async Task<ShardInfo> UpdateShardAsync(int shardId, long rangeId, byte[] data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var stored = StoredValues.Copy(data);
        return await transactions.RunAsync(Operation("UpdateShard", shardId), tx =>
        {
            var shard = ShardFence.Check(tx, Tables, shardId, rangeId);
            var updated = shard with { Data = stored, UpdatedAt = transactions.Now() };
            tx.Upsert(Tables.Shards, shardId, updated);
            return StoredValues.Of(updated);
        }, cancellationToken);
    }

    private static PersistenceOperation Operation(string name, int shardId) =>
        new(name, EmbeddedTables.ShardsName, shardId, $"shard:{shardId}");
}
