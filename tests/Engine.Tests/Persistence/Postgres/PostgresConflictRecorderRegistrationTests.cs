using System.Collections.Concurrent;
using Fencepost.Diagnostics.Persistence;
using Fencepost.Engine.Persistence.Postgres;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.TestUtilities.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fencepost.Engine.Tests.Persistence.Postgres;

public sealed class PostgresConflictRecorderRegistrationTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    /// <summary>
    /// A host may register the store before its conflict recorder (the bench host does); the
    /// recorder must still receive the store's conflicts rather than a null recorder pinned first.
    /// </summary>
    [Fact]
    public async Task AddPostgresPersistenceStore_RecorderRegisteredAfterwards_ReceivesConflicts()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionString"] = database.ConnectionString,
            ["MaxPoolSize"] = "8",
        }).Build();
        var recorder = new CollectingRecorder();
        var collection = new ServiceCollection().AddLogging().AddPostgresPersistenceStore(configuration);
        // TryAdd, as the engine's hosting registers its ConflictLog: it must not lose to a default the store pinned.
        collection.TryAddSingleton<IConflictRecorder>(recorder);
        await using var services = collection.BuildServiceProvider();
        var store = services.GetRequiredService<IPersistenceStore>();
        await store.InitializeAsync();
        var shardId = Random.Shared.Next(1_000_000, int.MaxValue);
        var range = (await store.Shards.AcquireShardAsync(shardId, "host", (await store.Shards.GetOrCreateShardAsync(shardId)).RangeId)).RangeId;

        for (var round = 0; round < 50 && recorder.Observations.IsEmpty; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => store.Shards.UpdateShardAsync(shardId, range, [(byte)i]))));
        }

        Assert.NotEmpty(recorder.Observations);
        Assert.All(recorder.Observations, o => Assert.Equal(("UpdateShard", shardId), (o.Operation, o.ShardId)));
    }

    private sealed class CollectingRecorder : IConflictRecorder
    {
        public ConcurrentQueue<ConflictObservation> Observations { get; } = new();

        public void Record(ConflictObservation observation) => Observations.Enqueue(observation);
    }
}
