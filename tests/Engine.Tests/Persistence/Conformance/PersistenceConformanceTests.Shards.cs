using Fencepost.Engine.Persistence.Errors;
using static Fencepost.Engine.Tests.Persistence.Conformance.ConformanceData;

namespace Fencepost.Engine.Tests.Persistence.Conformance;

public abstract partial class PersistenceConformanceTests
{
    [Fact]
    public async Task GetShard_NeverCreated_ReturnsNull()
    {
        Assert.Null(await Store.Shards.GetShardAsync(NewShardId()));
    }

    [Fact]
    public async Task GetOrCreateShard_CalledTwice_ReturnsTheSameUnownedRow()
    {
        var shardId = NewShardId();

        var first = await Store.Shards.GetOrCreateShardAsync(shardId);
        var second = await Store.Shards.GetOrCreateShardAsync(shardId);

        Assert.Equal(0, first.RangeId);
        Assert.Equal("", first.Owner);
        Assert.Equal(first.RangeId, second.RangeId);
        Assert.Contains(await Store.Shards.ListShardsAsync(), s => s.ShardId == shardId);
    }

    [Fact]
    public async Task AcquireShard_AtExpectedRange_IncrementsRangeAndSetsOwner()
    {
        var shardId = NewShardId();
        await Store.Shards.GetOrCreateShardAsync(shardId);

        var acquired = await Store.Shards.AcquireShardAsync(shardId, "host-a", expectedRangeId: 0);
        var reread = await Store.Shards.GetShardAsync(shardId);

        Assert.Equal(1, acquired.RangeId);
        Assert.Equal("host-a", acquired.Owner);
        Assert.Equal(1, reread!.RangeId);
        Assert.Equal("host-a", reread.Owner);
    }

    [Fact]
    public async Task AcquireShard_StaleExpectedRange_ThrowsOwnershipLostAndChangesNothing()
    {
        var shardId = NewShardId();
        await OwnShardAsync(Store, shardId, "host-a");

        var error = await Assert.ThrowsAsync<ShardOwnershipLostException>(() => Store.Shards.AcquireShardAsync(shardId, "host-b", expectedRangeId: 0));

        Assert.Equal(1, error.ActualRangeId);
        var row = await Store.Shards.GetShardAsync(shardId);
        Assert.Equal(("host-a", 1L), (row!.Owner, row.RangeId));
    }

    [Fact]
    public async Task AcquireShard_UnknownShard_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<EntityNotFoundException>(() => Store.Shards.AcquireShardAsync(NewShardId(), "host-a", 0));
    }

    [Fact]
    public async Task AcquireShard_TwoHostsAtOnce_ExactlyOneWins()
    {
        for (var round = 0; round < 10; round++)
        {
            var shardId = NewShardId();
            var created = await Store.Shards.GetOrCreateShardAsync(shardId);
            using var start = new Barrier(2);

            var attempts = new[] { "host-a", "host-b" }.Select(host => Task.Run(async () =>
            {
                start.SignalAndWait();
                try
                {
                    await Store.Shards.AcquireShardAsync(shardId, host, created.RangeId);
                    return host;
                }
                catch (ShardOwnershipLostException)
                {
                    return null;
                }
            })).ToArray();
            var winners = (await Task.WhenAll(attempts)).OfType<string>().ToList();

            Assert.Single(winners);
            var row = await Store.Shards.GetShardAsync(shardId);
            Assert.Equal((winners[0], created.RangeId + 1), (row!.Owner, row.RangeId));
        }
    }

    [Fact]
    public async Task UpdateShard_ByCurrentOwner_StoresData()
    {
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);

        await Store.Shards.UpdateShardAsync(shardId, range, [4, 5, 6]);

        Assert.Equal([4, 5, 6], (await Store.Shards.GetShardAsync(shardId))!.Data);
    }

    [Fact]
    public async Task UpdateShard_ByDeposedOwner_ThrowsOwnershipLostAndKeepsData()
    {
        var shardId = NewShardId();
        var oldRange = await OwnShardAsync(Store, shardId, "host-a");
        await Store.Shards.UpdateShardAsync(shardId, oldRange, [1]);
        await Store.Shards.AcquireShardAsync(shardId, "host-b", oldRange);

        await Assert.ThrowsAsync<ShardOwnershipLostException>(() => Store.Shards.UpdateShardAsync(shardId, oldRange, [2]));

        Assert.Equal([1], (await Store.Shards.GetShardAsync(shardId))!.Data);
    }
}
