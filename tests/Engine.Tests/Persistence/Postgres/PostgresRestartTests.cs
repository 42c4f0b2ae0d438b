using Fencepost.TestUtilities.Postgres;

namespace Fencepost.Engine.Tests.Persistence.Postgres;

/// <summary>
/// The store through a restart of its server (a server of this class's own, so the shared one is
/// not disturbed): no operation fails on a connection that died with the old server, and the pool
/// is back at its full size afterwards.
/// </summary>
public sealed class PostgresRestartTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private DedicatedPostgresServer _server = null!;
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _server = await DedicatedPostgresServer.StartAsync();
        _connectionString = await _server.CreateDatabaseAsync("restart");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Operations_AfterAFastRestart_NoneFailsOnADeadConnectionAndThePoolRefills()
    {
        await using var store = await PostgresTestStores.CreateInitializedAsync(_connectionString, poolSize: 6);
        var shardIds = Enumerable.Range(1, 6).ToList();
        await Task.WhenAll(shardIds.Select(id => store.Shards.GetOrCreateShardAsync(id)));
        var refilled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.Pool.Refilled += (_, _) => refilled.TrySetResult();

        await _server.StopFastAsync();
        await _server.StartAgainAsync();

        // Every pooled connection died with the old server; each of these would have been handed one.
        var rows = await Task.WhenAll(shardIds.Select(id => store.Shards.GetShardAsync(id)));
        Assert.All(rows, Assert.NotNull);
        await refilled.Task.WaitAsync(Patience);
        var snapshot = Assert.Single(store.GetPoolSnapshots());
        Assert.Equal(6, snapshot.Open);
    }

    [Fact]
    public async Task Operations_WhileTheServerIsDown_AreHeldAndSucceedOnceItIsBack()
    {
        await using var store = await PostgresTestStores.CreateInitializedAsync(_connectionString, poolSize: 4);
        await store.Shards.GetOrCreateShardAsync(1);

        await _server.StopFastAsync();
        var held = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.Shards.GetShardAsync(1)));
        Assert.False(held.IsCompleted, "Nothing can answer while the server is down.");
        await _server.StartAgainAsync();

        var rows = await held.WaitAsync(Patience);
        Assert.All(rows, row => Assert.Equal(1, row!.ShardId));
    }
}
