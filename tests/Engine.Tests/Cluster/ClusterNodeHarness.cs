using Fencepost.Engine.Cluster.Membership;
using Fencepost.Engine.Cluster.Node;
using Fencepost.Engine.Cluster.Ring;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fencepost.Engine.Tests.Cluster;

/// <summary>One simulated node: its identity, membership view, heartbeater and shard policy over a shared store.</summary>
public sealed class ClusterNodeHarness : IAsyncDisposable
{
    private bool _started;

    public ClusterNodeHarness(IClusterStore store, IDynamicConfig config, TimeProvider time, string hostId,
        NodeRoles roles = NodeRoles.All, string rpcAddress = "127.0.0.1:7233")
    {
        Identity = new NodeIdentity(hostId, rpcAddress, roles);
        Store = new CrashableClusterStore(store);
        View = new ClusterMembershipView(Store, Identity, config, time, NullLogger<ClusterMembershipView>.Instance);
        Heartbeater = new MembershipHeartbeater(Store, Identity, config, time, View, NullLogger<MembershipHeartbeater>.Instance);
        Policy = new RingShardOwnershipPolicy(View, Identity);
    }

    public NodeIdentity Identity { get; }
    public CrashableClusterStore Store { get; }
    public ClusterMembershipView View { get; }
    public MembershipHeartbeater Heartbeater { get; }
    public RingShardOwnershipPolicy Policy { get; }

    /// <summary>Starts only the heartbeater; tests drive the view with RefreshAsync.</summary>
    public async Task StartHeartbeatingAsync()
    {
        _started = true;
        await Heartbeater.StartAsync(CancellationToken.None);
    }

    /// <summary>Graceful stop: leave, then stop beating.</summary>
    public async Task StopAsync()
    {
        _started = false;
        await Heartbeater.StopAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await StopAsync();
        }
        Policy.Dispose();
        Heartbeater.Dispose();
        View.Dispose();
    }
}
