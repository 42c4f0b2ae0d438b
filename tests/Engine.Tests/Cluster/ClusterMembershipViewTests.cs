using Fencepost.Engine.Cluster.Membership;
using Fencepost.Engine.Cluster.Node;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Persistence.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.Engine.Tests.Cluster;

public sealed class ClusterMembershipViewTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryDynamicConfig _config = new();
    private readonly InMemoryClusterStore _store = new();
    private readonly string _prefix = Guid.NewGuid().ToString("N")[..8];
    private readonly ClusterMembershipView _view;
    private readonly DateTimeOffset _sessionStart;

    public ClusterMembershipViewTests()
    {
        _sessionStart = _time.GetUtcNow().AddMinutes(-30);
        _view = new ClusterMembershipView(_store, new NodeIdentity(Host("a"), "127.0.0.1:7233", NodeRoles.All), _config, _time,
            NullLogger<ClusterMembershipView>.Instance);
    }

    public void Dispose() => _view.Dispose();

    [Fact]
    public async Task RefreshAsync_HostHeartbeatExpired_DropsItAndRaisesChanged()
    {
        await BeatAsync("a", TimeSpan.FromSeconds(30));
        await BeatAsync("b", TimeSpan.FromSeconds(8));
        var changes = new List<ClusterMembershipSnapshot>();
        _view.Changed += (_, snapshot) => changes.Add(snapshot);
        await _view.RefreshAsync();
        Assert.Equal([Host("a"), Host("b")], _view.Current.ForRole("history").Select(m => m.HostId));

        _time.Advance(TimeSpan.FromSeconds(8));
        await _view.RefreshAsync();

        Assert.Equal([Host("a")], _view.Current.ForRole("history").Select(m => m.HostId));
        Assert.Equal(2, changes.Count);
        Assert.Same(_view.Current, changes[^1]);
    }

    [Fact]
    public async Task RefreshAsync_OnlyHeartbeatTimesMoved_DoesNotRaiseChanged()
    {
        await BeatAsync("a", TimeSpan.FromSeconds(30));
        await _view.RefreshAsync();
        var changes = 0;
        _view.Changed += (_, _) => changes++;

        _time.Advance(TimeSpan.FromSeconds(2));
        await BeatAsync("a", TimeSpan.FromSeconds(30));
        await _view.RefreshAsync();

        Assert.Equal(0, changes);
        Assert.Equal(_time.GetUtcNow(), _view.Current.ForRole("history")[0].LastHeartbeat);
    }

    [Fact]
    public async Task RefreshAsync_RoleRows_GroupedByRoleUnderTheNodesHostId()
    {
        foreach (var role in new[] { NodeRoles.History, NodeRoles.Matching })
        {
            await _store.UpsertMembershipAsync(Row(MembershipRowId.For(Host("b"), role), NodeRoleNames.NameOf(role), TimeSpan.FromSeconds(30)));
        }

        var snapshot = await _view.RefreshAsync();

        Assert.Equal([Host("b")], snapshot.ForRole("history").Select(m => m.HostId));
        Assert.Equal([Host("b")], snapshot.ForRole("matching").Select(m => m.HostId));
        Assert.Empty(snapshot.ForRole("frontend"));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(10, false)]
    public async Task RefreshAsync_LowestHostAndRetention_PrunesRowsExpiredLongerThanRetention(int retentionMinutes, bool pruned)
    {
        _config.Set(ClusterConfigKeys.MembershipRetention, TimeSpan.FromMinutes(retentionMinutes));
        await _store.UpsertMembershipAsync(Row(Host("z") + "/history", "history", TimeSpan.FromMinutes(-2)));
        await BeatAsync("a", TimeSpan.FromSeconds(30));

        await _view.RefreshAsync();

        Assert.Equal(pruned, !(await _store.ListMembersAsync(null)).Any(r => r.HostId.StartsWith(Host("z"), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RefreshAsync_NotTheLowestLiveHost_LeavesPruningToIt()
    {
        _config.Set(ClusterConfigKeys.MembershipRetention, TimeSpan.FromMinutes(1));
        await _store.UpsertMembershipAsync(Row(Host("z") + "/history", "history", TimeSpan.FromMinutes(-2)));
        await BeatAsync("a", TimeSpan.FromSeconds(30));
        await _store.UpsertMembershipAsync(Row(Host("0") + "/history", "history", TimeSpan.FromSeconds(30)));

        await _view.RefreshAsync();

        Assert.Equal(0, _store.PruneCalls);
    }

    [Fact]
    public async Task RefreshAsync_RetentionNotElapsedSinceLastPrune_PrunesOnce()
    {
        _config.Set(ClusterConfigKeys.MembershipRetention, TimeSpan.FromMinutes(1));
        await BeatAsync("a", TimeSpan.FromMinutes(10));

        await _view.RefreshAsync();
        _time.Advance(TimeSpan.FromSeconds(59));
        await _view.RefreshAsync();
        Assert.Equal(1, _store.PruneCalls);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _view.RefreshAsync();

        Assert.Equal(2, _store.PruneCalls);
    }

    [Fact]
    public async Task MarkLeft_SelfLive_RemovesSelfNowAndAfterLaterRefreshes()
    {
        await BeatAsync("a", TimeSpan.FromSeconds(30));
        await BeatAsync("b", TimeSpan.FromSeconds(30));
        await _view.RefreshAsync();
        ClusterMembershipSnapshot? changed = null;
        _view.Changed += (_, snapshot) => changed = snapshot;

        _view.MarkLeft();
        await _view.RefreshAsync();

        Assert.Equal([Host("b")], _view.Current.ForRole("history").Select(m => m.HostId));
        Assert.Equal([Host("b")], changed!.ForRole("history").Select(m => m.HostId));
    }

    [Fact]
    public async Task ExecuteAsync_Running_RefreshesEveryHeartbeatInterval()
    {
        _config.Set(ClusterConfigKeys.HeartbeatInterval, TimeSpan.FromSeconds(5));
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _view.Changed += (_, snapshot) =>
        {
            if (snapshot.ForRole("history").Any(m => m.HostId == Host("b")))
            {
                joined.TrySetResult();
            }
        };
        var scheduled = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        _view.RefreshScheduled += (_, at) => scheduled.TrySetResult(at);
        await _view.StartAsync(CancellationToken.None);
        Assert.True(await Task.WhenAny(scheduled.Task, Task.Delay(TimeSpan.FromSeconds(30))) == scheduled.Task,
            "The view's loop never scheduled its next refresh.");
        Assert.Equal(_time.GetUtcNow().AddSeconds(5), await scheduled.Task);
        await BeatAsync("b", TimeSpan.FromMinutes(1));

        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.True(await Task.WhenAny(joined.Task, Task.Delay(TimeSpan.FromSeconds(30))) == joined.Task,
            "The view's loop did not pick up the new member within one refresh interval of fake time.");
        await _view.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task RefreshAsync_OwnRowsExpiredWhileThisNodeLives_BeatsAtOnceAndKeepsItselfInTheView()
    {
        await BeatAsync("a", TimeSpan.FromSeconds(8));
        await _view.RefreshAsync();
        var beats = 0;
        _view.UseHeartbeat(async _ =>
        {
            beats++;
            await BeatAsync("a", TimeSpan.FromSeconds(8));
            return true;
        });
        var changes = 0;
        _view.Changed += (_, _) => changes++;

        // Its beats were late (a store outage): its row expired although the node is alive.
        _time.Advance(TimeSpan.FromSeconds(9));
        await _view.RefreshAsync();

        Assert.Equal(1, beats);
        Assert.Equal(0, changes);
        Assert.Equal([Host("a")], _view.Current.ForRole("history").Select(m => m.HostId));
    }

    [Fact]
    public async Task RefreshAsync_OwnRowsExpiredAndTheBeatFails_PublishesWhatTheStoreSays()
    {
        await BeatAsync("a", TimeSpan.FromSeconds(8));
        await BeatAsync("b", TimeSpan.FromMinutes(1));
        await _view.RefreshAsync();
        _view.UseHeartbeat(_ => Task.FromResult(false));

        _time.Advance(TimeSpan.FromSeconds(9));
        await _view.RefreshAsync();

        Assert.Equal([Host("b")], _view.Current.ForRole("history").Select(m => m.HostId));
    }

    private string Host(string name) => $"{name}-{_prefix}";

    private Task BeatAsync(string name, TimeSpan expiresIn) =>
        _store.UpsertMembershipAsync(Row(MembershipRowId.For(Host(name), NodeRoles.History), "history", expiresIn));

    private MembershipRecord Row(string rowId, string role, TimeSpan expiresIn)
    {
        var now = _time.GetUtcNow();
        return new MembershipRecord(rowId, "10.0.0.1:7233", role, _sessionStart, now, now + expiresIn);
    }
}
