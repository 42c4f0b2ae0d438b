using Fencepost.Diagnostics.Conflicts;
using Fencepost.Diagnostics.Persistence;
using Fencepost.Engine.Hosting;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Fencepost.Engine.Tests.Hosting;

public class ConflictAttributionWiringTests
{
    /// <summary>
    /// The console's conflict page reads the ConflictLog; that is only true if the store the engine
    /// registers reports its conflicts there. Provoke real conflicts through the registered store.
    /// </summary>
    [Fact]
    public async Task AddFencepostEngine_StoreConflicts_ReachTheConflictLog()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["Fencepost:Frontend:Port"] = "0";
        builder.AddFencepostEngine();
        await using var app = builder.Build();
        var store = app.Services.GetRequiredService<IPersistenceStore>();
        await store.InitializeAsync();
        var log = app.Services.GetRequiredService<ConflictLog>();

        Assert.Same(log, app.Services.GetRequiredService<IConflictRecorder>());
        var shardId = Random.Shared.Next(1_000_000, int.MaxValue);
        var range = (await store.Shards.AcquireShardAsync(shardId, "host", (await store.Shards.GetOrCreateShardAsync(shardId)).RangeId)).RangeId;
        for (var round = 0; round < 50 && log.TopKeys(new ConflictQuery { Window = TimeSpan.FromMinutes(1) }).Count == 0; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => store.Shards.UpdateShardAsync(shardId, range, [(byte)i]))));
        }

        var top = Assert.Single(log.TopKeys(new ConflictQuery { Window = TimeSpan.FromMinutes(1) }));
        Assert.EndsWith($":{shardId}", top.Key, StringComparison.Ordinal);
        Assert.Equal("UpdateShard", Assert.Single(top.Operations).Operation);
    }
}
