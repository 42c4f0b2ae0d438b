using Fencepost.Diagnostics.Persistence;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.TestUtilities.Postgres;
using Npgsql;

namespace Fencepost.Engine.Tests.Persistence.Postgres;

/// <summary>PostgreSQL-specific concurrency: fencing, races and the retry path (PostgreSQL makes the second writer wait, then answers 40001).</summary>
public sealed class PostgresStoreFencingTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static int NewShardId() => Random.Shared.Next(1_000_000, int.MaxValue);

    [Fact]
    public async Task AcquireShardAsync_TwoAcquirersAtOnce_ExactlyOneWins()
    {
        await using var store = await PostgresTestStores.CreateInitializedAsync(database.ConnectionString);
        var shardId = NewShardId();
        await store.Shards.GetOrCreateShardAsync(shardId);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
        {
            try
            {
                await store.Shards.AcquireShardAsync(shardId, $"host-{i}", expectedRangeId: 0);
                return true;
            }
            catch (ShardOwnershipLostException)
            {
                return false;
            }
        }));

        Assert.Equal(1, attempts.Count(won => won));
        Assert.Equal(1, (await store.Shards.GetShardAsync(shardId))!.RangeId);
    }

    [Fact]
    public async Task WriteAsync_DeposedOwner_LosesOwnershipAndWritesNothing()
    {
        await using var store = await PostgresTestStores.CreateInitializedAsync(database.ConnectionString);
        var shardId = NewShardId();
        await store.Shards.GetOrCreateShardAsync(shardId);
        var old = await store.Shards.AcquireShardAsync(shardId, "old", 0);
        await store.Shards.AcquireShardAsync(shardId, "new", old.RangeId);
        var request = ShardWriteRequests.NewRun(shardId, old.RangeId, out var execution);

        var error = await Assert.ThrowsAsync<ShardOwnershipLostException>(() => store.Executions.WriteAsync(request));

        Assert.Equal(old.RangeId, error.ExpectedRangeId);
        Assert.Equal(old.RangeId + 1, error.ActualRangeId);
        Assert.Null(await store.Executions.GetExecutionAsync(shardId, execution.NamespaceId, execution.WorkflowId, execution.RunId));
        Assert.Null(await store.Executions.GetCurrentExecutionAsync(shardId, execution.NamespaceId, execution.WorkflowId));
    }

    [Fact]
    public async Task WriteAsync_BrandNewTwiceAtOnce_OneStartsTheOtherSeesItStarted()
    {
        await using var store = await PostgresTestStores.CreateInitializedAsync(database.ConnectionString);
        var shardId = NewShardId();
        await store.Shards.GetOrCreateShardAsync(shardId);
        var shard = await store.Shards.AcquireShardAsync(shardId, "owner", 0);
        var first = ShardWriteRequests.NewRun(shardId, shard.RangeId, out var run);
        var second = ShardWriteRequests.NewRun(shardId, shard.RangeId, out _, run.WorkflowId, run.NamespaceId);

        var results = await Task.WhenAll(new[] { first, second }.Select(async r =>
        {
            try
            {
                await store.Executions.WriteAsync(r);
                return "started";
            }
            catch (WorkflowAlreadyStartedException)
            {
                return "already";
            }
        }));

        Assert.Equal(["already", "started"], results.Order());
    }

    [Fact]
    public async Task UpdateShardAsync_ConcurrentWriterHoldsTheRow_WaitsThenRetriesThe40001AndSucceeds()
    {
        var conflicts = new RecordingConflicts();
        await using var store = await PostgresTestStores.CreateInitializedAsync(database.ConnectionString, conflicts: conflicts);
        var shardId = NewShardId();
        await store.Shards.GetOrCreateShardAsync(shardId);
        var shard = await store.Shards.AcquireShardAsync(shardId, "owner", 0);
        await using var blocker = new NpgsqlConnection(database.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        await using (var touch = new NpgsqlCommand("UPDATE shards SET updated_at = now() WHERE shard_id = $1", blocker, transaction))
        {
            touch.Parameters.Add(new NpgsqlParameter<int> { TypedValue = shardId });
            await touch.ExecuteNonQueryAsync();
        }

        var update = store.Shards.UpdateShardAsync(shardId, shard.RangeId, [1, 2, 3]);
        await WaitUntilBlockedAsync(database.ConnectionString, shardId);
        await transaction.CommitAsync();
        var updated = await update.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([1, 2, 3], updated.Data);
        var conflict = Assert.Single(conflicts.Observed);
        Assert.Equal("UpdateShard", conflict.Operation);
        Assert.Equal($"shard:{shardId}", conflict.Key);
    }

    private static async Task WaitUntilBlockedAsync(string connectionString, int shardId)
    {
        // The store's UPDATE queues behind the blocker's row lock; wait until the server says so. The
        // observer runs each poll in its own transaction: pg_stat_activity is a per-transaction snapshot.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var observer = new NpgsqlConnection(connectionString);
        await observer.OpenAsync(timeout.Token);
        while (true)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database() AND query LIKE 'UPDATE shards SET data%'", observer);
            if ((long)(await command.ExecuteScalarAsync(timeout.Token))! > 0)
            {
                return;
            }
            Assert.False(timeout.IsCancellationRequested, $"The store's update of shard {shardId} never waited for the blocker's lock.");
            await Task.Delay(10, timeout.Token);
        }
    }

    private sealed class RecordingConflicts : IConflictRecorder
    {
        private readonly List<ConflictObservation> _observed = [];

        public IReadOnlyList<ConflictObservation> Observed
        {
            get
            {
                lock (_observed)
                {
                    return [.. _observed];
                }
            }
        }

        public void Record(ConflictObservation observation)
        {
            lock (_observed)
            {
                _observed.Add(observation);
            }
        }
    }
}
