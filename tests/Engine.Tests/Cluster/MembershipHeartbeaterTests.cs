using Fencepost.Engine.Cluster.Node;
using Fencepost.Engine.Configuration.Dynamic;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.Engine.Tests.Cluster;

public sealed class MembershipHeartbeaterTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryDynamicConfig _config = new();
    private readonly InMemoryClusterStore _store = new();
    private readonly string _hostId = "node-" + Guid.NewGuid().ToString("N");
    private ClusterNodeHarness _node = null!;

    public Task InitializeAsync()
    {
        _config.Set(ClusterConfigKeys.StartupJitter, TimeSpan.Zero);
        _config.Set(ClusterConfigKeys.HeartbeatInterval, TimeSpan.FromSeconds(10));
        _config.Set(ClusterConfigKeys.HeartbeatJitter, TimeSpan.FromSeconds(3));
        _config.Set(ClusterConfigKeys.MembershipExpiry, TimeSpan.FromSeconds(30));
        _node = new ClusterNodeHarness(_store, _config, _time, _hostId, NodeRoles.History | NodeRoles.Matching);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Start_NoStartupJitter_WritesOneRowPerRoleWithExpiry()
    {
        var start = _time.GetUtcNow();

        await _node.StartHeartbeatingAsync();
        await _node.Heartbeater.WaitForAsync(s => s.Beats == 1, "the first beat");

        var rows = _store.Upserts.OrderBy(r => r.Role, StringComparer.Ordinal).ToList();
        Assert.Equal([_hostId + "/history", _hostId + "/matching"], rows.Select(r => r.HostId));
        Assert.Equal(["history", "matching"], rows.Select(r => r.Role));
        Assert.All(rows, r => Assert.Equal((start, start, start.AddSeconds(30), "127.0.0.1:7233"), (r.SessionStart, r.LastHeartbeat, r.RecordExpiry, r.RpcAddress)));
    }

    [Fact]
    public async Task Start_WithStartupJitter_FirstBeatWaitsARandomBoundedDelay()
    {
        _config.Set(ClusterConfigKeys.StartupJitter, TimeSpan.FromMinutes(1));
        var start = _time.GetUtcNow();

        await _node.StartHeartbeatingAsync();
        var scheduled = await _node.Heartbeater.WaitForAsync(s => s.NextBeatAt is not null, "the first beat to be scheduled");

        Assert.Empty(_store.Upserts);
        Assert.InRange(scheduled.NextBeatAt!.Value, start, start.AddMinutes(1));
        _time.Advance(TimeSpan.FromMinutes(1));
        await _node.Heartbeater.WaitForAsync(s => s.Beats == 1, "the first beat after the startup delay");
    }

    [Fact]
    public async Task Beat_IntervalAndJitter_NextBeatWithinIntervalPlusJitterAndNotBefore()
    {
        await _node.StartHeartbeatingAsync();
        var first = await _node.Heartbeater.WaitForAsync(s => s.Beats == 1 && s.NextBeatAt is not null, "the first beat and the next schedule");
        var gap = first.NextBeatAt!.Value - first.LastBeatAt!.Value;
        Assert.InRange(gap, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(13));

        _time.Advance(gap - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _node.Heartbeater.Status.Beats);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var second = await _node.Heartbeater.WaitForAsync(s => s.Beats == 2, "the second beat");

        Assert.Equal(first.NextBeatAt, second.LastBeatAt);
        Assert.Equal(second.LastBeatAt!.Value.AddSeconds(30), _store.Upserts.Last().RecordExpiry);
    }

    [Fact]
    public async Task Beat_ZeroJitter_BeatsExactlyAtTheInterval()
    {
        _config.Set(ClusterConfigKeys.HeartbeatJitter, TimeSpan.Zero);
        _config.Set(ClusterConfigKeys.HeartbeatInterval, TimeSpan.FromSeconds(4));

        await _node.StartHeartbeatingAsync();
        var gaps = new List<TimeSpan>();
        for (var beat = 1; beat <= 3; beat++)
        {
            var status = await _node.Heartbeater.WaitForAsync(s => s.Beats == beat && s.NextBeatAt > s.LastBeatAt, $"beat {beat} and its successor's schedule");
            gaps.Add(status.NextBeatAt!.Value - status.LastBeatAt!.Value);
            _time.Advance(gaps[^1]);
        }

        Assert.All(gaps, g => Assert.Equal(TimeSpan.FromSeconds(4), g));
    }

    [Fact]
    public async Task Beat_WithJitter_GapsVary()
    {
        await _node.StartHeartbeatingAsync();
        var gaps = new List<TimeSpan>();
        for (var beat = 1; beat <= 5; beat++)
        {
            var status = await _node.Heartbeater.WaitForAsync(s => s.Beats == beat && s.NextBeatAt > s.LastBeatAt, $"beat {beat} and its successor's schedule");
            gaps.Add(status.NextBeatAt!.Value - status.LastBeatAt!.Value);
            _time.Advance(gaps[^1]);
        }

        Assert.All(gaps, g => Assert.InRange(g, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(13)));
        Assert.True(gaps.Distinct().Count() > 1, $"Jittered gaps should differ: {string.Join(", ", gaps)}.");
    }

    [Fact]
    public async Task Beat_ExpiryChangedLive_NextRowUsesNewExpiry()
    {
        await _node.StartHeartbeatingAsync();
        var first = await _node.Heartbeater.WaitForAsync(s => s.Beats == 1 && s.NextBeatAt is not null, "the first beat");
        _config.Set(ClusterConfigKeys.MembershipExpiry, TimeSpan.FromSeconds(90));

        _time.Advance(first.NextBeatAt!.Value - _time.GetUtcNow());
        var second = await _node.Heartbeater.WaitForAsync(s => s.Beats == 2, "the second beat");

        Assert.Equal(second.LastBeatAt!.Value.AddSeconds(90), _store.Upserts.Last().RecordExpiry);
    }

    [Fact]
    public async Task Beat_StoreFails_CountsFailureAndNextBeatSucceeds()
    {
        _store.FailNextUpserts(1);

        await _node.StartHeartbeatingAsync();
        var failed = await _node.Heartbeater.WaitForAsync(s => s.Failures == 1 && s.NextBeatAt is not null, "the failed beat");
        _time.Advance(failed.NextBeatAt!.Value - _time.GetUtcNow());
        var recovered = await _node.Heartbeater.WaitForAsync(s => s.Beats == 1, "the beat after the failure");

        Assert.Equal(1, recovered.Failures);
        Assert.Contains(await _store.ListMembersAsync(_time.GetUtcNow()), r => r.HostId == _hostId + "/history");
    }

    [Fact]
    public async Task Beat_StoreFails_TriesAgainWithinHalfASecondNotAWholeInterval()
    {
        _store.FailNextUpserts(1);

        await _node.StartHeartbeatingAsync();
        var failed = await _node.Heartbeater.WaitForAsync(s => s.Failures == 1 && s.NextBeatAt is not null, "the failed beat");

        Assert.True(failed.NextBeatAt!.Value - _time.GetUtcNow() <= TimeSpan.FromMilliseconds(500),
            $"The next beat is due in {failed.NextBeatAt.Value - _time.GetUtcNow()}; the row expires while it waits a whole interval.");
    }

    [Fact]
    public async Task Stop_AfterBeating_WritesExpiredRowsAndLeavesTheView()
    {
        await _node.StartHeartbeatingAsync();
        await _node.Heartbeater.WaitForAsync(s => s.Beats == 1, "the first beat");
        await _node.View.RefreshAsync();
        Assert.Equal(2, _node.View.Current.Members.Count);

        await _node.StopAsync();

        var now = _time.GetUtcNow();
        Assert.True(_node.Heartbeater.Status.Left);
        Assert.True(_node.View.HasLeft);
        Assert.Empty(_node.View.Current.Members);
        Assert.All(_store.Upserts.TakeLast(2), r => Assert.Equal(now, r.RecordExpiry));
        Assert.Empty(await _store.ListMembersAsync(now));
    }

    [Fact]
    public async Task Stop_BeforeFirstBeat_WritesNothing()
    {
        _config.Set(ClusterConfigKeys.StartupJitter, TimeSpan.FromMinutes(1));
        await _node.StartHeartbeatingAsync();
        await _node.Heartbeater.WaitForAsync(s => s.NextBeatAt is not null, "the first beat to be scheduled");

        await _node.StopAsync();

        Assert.Empty(_store.Upserts);
        Assert.False(_node.Heartbeater.Status.Left);
    }
}
