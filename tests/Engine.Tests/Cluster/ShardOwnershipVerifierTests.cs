using Fencepost.Engine.Cluster;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.History;
using Fencepost.Engine.Hosting;
using Fencepost.Engine.Persistence.Embedded;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.Engine.Tests.Cluster;

public sealed class ShardOwnershipVerifierTests
{
    private const int ShardCount = 2;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Two nodes starting together: this one took its shards while joining; a peer that had not
    /// seen it yet took one of them again at a higher range (and then dropped it). This node never
    /// writes to that shard, so only the verifier's first check, when it starts, can find out.
    /// </summary>
    [Fact]
    public async Task StartAsync_PeerTookAShardWhileThisNodeJoined_FirstCheckDropsIt()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        var config = new InMemoryDynamicConfig();
        config.Set(ClusterConfigKeys.StartupJitter, TimeSpan.Zero);
        config.Set(ClusterConfigKeys.HeartbeatJitter, TimeSpan.Zero);
        config.Set(ClusterConfigKeys.HeartbeatInterval, Interval);
        await using var node = new ClusterNodeHarness(new InMemoryClusterStore(), config, time, $"b-{Guid.NewGuid():N}");
        await node.StartHeartbeatingAsync();
        await node.Heartbeater.WaitForAsync(s => s.Beats == 1, "the first beat");
        // The ring changes from empty to this node while it joins: before the verifier exists.
        await node.View.RefreshAsync();

        var services = new ServiceCollection().AddLogging().AddEmbeddedPersistenceStore().AddFencepostEngineServices();
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
        services.Replace(ServiceDescriptor.Singleton<IShardOwnershipPolicy>(node.Policy));
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IPersistenceStore>();
        await store.InitializeAsync();
        var controller = provider.GetRequiredService<ShardController>();
        await controller.InitializeAsync(ShardCount, CancellationToken.None);
        var held = controller.GetOwnedShards().Single(s => s.ShardId == 0).RangeId;
        await store.Shards.AcquireShardAsync(0, "a-peer", held);

        using var verifier = new ShardOwnershipVerifier(node.Policy, controller, config, time, NullLogger<ShardOwnershipVerifier>.Instance);
        await verifier.StartAsync(CancellationToken.None);
        try
        {
            // Beat by beat (the check waits one interval, on a timer that may not exist yet).
            for (var beat = 0; beat < 5 && HoldsShardZero(controller); beat++)
            {
                time.Advance(Interval);
                await WaitUntilAsync(() => !HoldsShardZero(controller), TimeSpan.FromSeconds(2));
            }

            Assert.False(HoldsShardZero(controller), $"The node still holds shard 0 at range {held}, which a peer acquired after it.");
            Assert.Contains(controller.GetOwnedShards(), s => s.ShardId == 1);
        }
        finally
        {
            await verifier.StopAsync(CancellationToken.None);
            await controller.StopAsync(CancellationToken.None);
        }
    }

    private static bool HoldsShardZero(ShardController controller) => controller.GetOwnedShards().Any(s => s.ShardId == 0);

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!condition() && !deadline.IsCancellationRequested)
        {
            await Task.Yield();
            await Task.Delay(TimeSpan.FromMilliseconds(10), CancellationToken.None);
        }
    }
}
