using System.Diagnostics.Metrics;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Postgres;
using Fencepost.Engine.Persistence.Postgres.Stores;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.TestUtilities.Postgres;

namespace Fencepost.Engine.Tests.Persistence.Postgres;

/// <summary>
/// Shard writes of several shards in one PostgreSQL transaction: every shard's fence and conditions
/// still hold on their own, and a transaction carrying a deposed shard commits nothing at all.
/// </summary>
public sealed class PostgresCombinedShardWriteTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static int NewShardId() => Random.Shared.Next(1_000_000, int.MaxValue);

    [Fact]
    public async Task WriteTogetherAsync_ThreeOwnedShards_CommitsEveryRun()
    {
        await using var store = await PostgresTestStores.CreateInitializedAsync(database.ConnectionString);
        var shards = await AcquireAsync(store, 3);
        var requests = shards.Select(s => ShardWriteRequests.NewRun(s.ShardId, s.RangeId, out _)).ToList();

        await Executions(store).WriteTogetherAsync(requests, CancellationToken.None);

        foreach (var request in requests)
        {
            Assert.NotNull(await StoredRunAsync(store, request));
        }
    }

    [Fact]
    public async Task WriteTogetherAsync_OneShardDeposed_CommitsNothingForAnyShard()
    {
        await using var store = await PostgresTestStores.CreateInitializedAsync(database.ConnectionString);
        var shards = await AcquireAsync(store, 3);
        await store.Shards.AcquireShardAsync(shards[1].ShardId, "new-owner", shards[1].RangeId);
        var requests = shards.Select(s => ShardWriteRequests.NewRun(s.ShardId, s.RangeId, out _)).ToList();

        var lost = await Assert.ThrowsAsync<ShardOwnershipLostException>(() => Executions(store).WriteTogetherAsync(requests, CancellationToken.None));

        Assert.Equal(shards[1].ShardId, lost.ShardId);
        foreach (var request in requests)
        {
            Assert.Null(await StoredRunAsync(store, request));
        }
    }

    [Fact]
    public async Task WriteAsync_ManyShardsAtOnceWithOneDeposed_OnlyTheDeposedShardFails()
    {
        // Through the store's own combiner: whichever writes end up sharing a transaction with the
        // deposed shard's, they must still commit, and the deposed shard's never.
        await using var store = await PostgresTestStores.CreateInitializedAsync(database.ConnectionString);
        var shards = await AcquireAsync(store, 6);
        var deposed = shards[2];
        await store.Shards.AcquireShardAsync(deposed.ShardId, "new-owner", deposed.RangeId);
        var requests = Enumerable.Range(0, 4).SelectMany(_ => shards).Select(s => ShardWriteRequests.NewRun(s.ShardId, s.RangeId, out _)).ToList();

        var outcomes = await Task.WhenAll(requests.Select(async request =>
        {
            try
            {
                await store.Executions.WriteAsync(request);
                return (request, Lost: false);
            }
            catch (ShardOwnershipLostException)
            {
                return (request, Lost: true);
            }
        }));

        foreach (var (request, lostOwnership) in outcomes)
        {
            var stored = await StoredRunAsync(store, request);
            Assert.Equal(request.ShardId == deposed.ShardId, lostOwnership);
            Assert.Equal(!lostOwnership, stored is not null);
        }
    }

    [Fact]
    public async Task WriteAsync_AnyShardWrite_RecordsHowManyShardsItsTransactionCarried()
    {
        var meters = PostgresTestStores.NewMeterFactory();
        await using var store = await PostgresTestStores.CreateInitializedAsync(database.ConnectionString, meters: meters);
        var shard = (await AcquireAsync(store, 1))[0];
        var recorded = RecordShardsPerTransaction(meters, out var listener);
        using var listening = listener;

        await store.Executions.WriteAsync(ShardWriteRequests.NewRun(shard.ShardId, shard.RangeId, out _));

        lock (recorded) Assert.Equal([1], recorded);
    }

    [Fact]
    public async Task WriteWhenReadyAsync_ShardsWaitingBehindARunningTransaction_TakeTheirRequestsWhenItEndsAndCommitTogether()
    {
        var meters = PostgresTestStores.NewMeterFactory();
        await using var store = await PostgresTestStores.CreateInitializedAsync(database.ConnectionString, meters: meters);
        var shards = await AcquireAsync(store, 3);
        var recorded = RecordShardsPerTransaction(meters, out var listener);
        using var listening = listener;

        // Another session holds the first shard's row, so its write stays in flight (the only one allowed).
        await using var blocker = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await blocker.OpenAsync();
        await using var blocking = await blocker.BeginTransactionAsync();
        await using (var lockRow = new Npgsql.NpgsqlCommand("SELECT range_id FROM shards WHERE shard_id = $1 FOR UPDATE", blocker, blocking))
        {
            lockRow.Parameters.Add(new Npgsql.NpgsqlParameter { Value = shards[0].ShardId });
            await lockRow.ExecuteScalarAsync();
        }
        var first = store.Executions.WriteAsync(ShardWriteRequests.NewRun(shards[0].ShardId, shards[0].RangeId, out _));

        var boundAfterFirst = new List<bool>();
        var requests = new List<ShardWriteRequest>();
        var waiting = shards.Skip(1).Select(shard => store.Executions.WriteWhenReadyAsync(shard.ShardId, () =>
        {
            var request = ShardWriteRequests.NewRun(shard.ShardId, shard.RangeId, out _);
            lock (requests)
            {
                boundAfterFirst.Add(first.IsCompleted);
                requests.Add(request);
            }
            return request;
        })).ToList();
        lock (requests) Assert.Empty(requests);

        await blocking.CommitAsync();
        await first.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([true, true], boundAfterFirst);
        foreach (var request in requests)
        {
            Assert.NotNull(await StoredRunAsync(store, request));
        }
        lock (recorded) Assert.Equal([1, 2], recorded);
    }

    /// <summary>What this store's combiner records per transaction (other tests' stores publish the same instrument).</summary>
    private static List<int> RecordShardsPerTransaction(IMeterFactory meters, out MeterListener listener)
    {
        var recorded = new List<int>();
        listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == ShardWriteCombinerMetrics.ShardsPerTransaction)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
        {
            lock (recorded) recorded.Add(value);
        });
        listener.Start();
        return recorded;
    }

    private static Task<WorkflowExecutionRecord?> StoredRunAsync(PostgresPersistenceStore store, ShardWriteRequest request)
    {
        var run = request.Creates[0].Execution;
        return store.Executions.GetExecutionAsync(run.ShardId, run.NamespaceId, run.WorkflowId, run.RunId);
    }

    private static PostgresExecutionStore Executions(PostgresPersistenceStore store) => (PostgresExecutionStore)store.Executions;

    private static async Task<List<ShardInfo>> AcquireAsync(PostgresPersistenceStore store, int count)
    {
        var shards = new List<ShardInfo>();
        for (var i = 0; i < count; i++)
        {
            var shardId = NewShardId();
            await store.Shards.GetOrCreateShardAsync(shardId);
            shards.Add(await store.Shards.AcquireShardAsync(shardId, "owner", 0));
        }
        return shards;
    }
}
