using Fencepost.ConsoleWeb.Tests.Fakes;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Persistence.Errors;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.ConsoleWeb.Tests.DynamicConfig;

public sealed class PersistedDynamicConfigTests
{
    private readonly FakeDynamicConfigStore _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    private PersistedDynamicConfig NewNode() => new(_store, TestKeys.Registry(), _time, NullLogger<PersistedDynamicConfig>.Instance);

    private static DynamicConfigChangeRequest Set(DynamicConfigKey key, string json, long expectedVersion = 0, string scope = DynamicConfigScopes.Global,
        string scopeValue = "", string reason = "load test") =>
        new(key.Name, scope, scopeValue, json, expectedVersion, "alice", reason);

    [Fact]
    public void Get_NothingStored_ReturnsDefault()
    {
        using var config = NewNode();

        Assert.Equal(2400, config.Get(TestKeys.FrontendRps));
    }

    [Fact]
    public async Task ApplyAsync_GlobalValue_GetReturnsItAndAuditSaysWhoWhenWhy()
    {
        using var config = NewNode();

        await config.ApplyAsync(Set(TestKeys.FrontendRps, "500"));

        Assert.Equal(500, config.Get(TestKeys.FrontendRps));
        var audit = Assert.Single(await config.ListAuditAsync(10));
        Assert.Equal(("frontend.rps", "alice", "load test", null, "500", _time.GetUtcNow()),
            (audit.Key, audit.ChangedBy, audit.Reason, audit.OldValueJson, audit.NewValueJson, audit.ChangedAt));
    }

    [Fact]
    public async Task Get_OverridesAtEveryScope_MostSpecificWins()
    {
        using var config = NewNode();
        await config.ApplyAsync(Set(TestKeys.LongPoll, "\"00:00:30\""));
        await config.ApplyAsync(Set(TestKeys.LongPoll, "\"00:00:20\"", scope: DynamicConfigScopes.Namespace, scopeValue: "orders"));
        await config.ApplyAsync(Set(TestKeys.LongPoll, "\"00:00:10\"", scope: DynamicConfigScopes.TaskQueue,
            scopeValue: DynamicConfigScopes.TaskQueueValue("orders", "payments")));

        Assert.Equal(TimeSpan.FromSeconds(10), config.Get(TestKeys.LongPoll, "orders", "payments"));
        Assert.Equal(TimeSpan.FromSeconds(20), config.Get(TestKeys.LongPoll, "orders", "shipping"));
        Assert.Equal(TimeSpan.FromSeconds(30), config.Get(TestKeys.LongPoll, "billing", "payments"));
        Assert.Equal(TimeSpan.FromSeconds(30), config.Get(TestKeys.LongPoll));
    }

    [Fact]
    public async Task ApplyAsync_StaleExpectedVersion_ThrowsConditionFailedAndKeepsValue()
    {
        using var config = NewNode();
        await config.ApplyAsync(Set(TestKeys.FrontendRps, "500"));

        await Assert.ThrowsAsync<ConditionFailedException>(() => config.ApplyAsync(Set(TestKeys.FrontendRps, "600", expectedVersion: 0)));

        Assert.Equal(500, config.Get(TestKeys.FrontendRps));
    }

    [Theory]
    [InlineData("frontend.rps", "global", "", "-1", "reason", "frontend.rps must be positive.")]
    [InlineData("frontend.rps", "global", "", "\"fast\"", "reason", "'frontend.rps' expects a int value")]
    [InlineData("frontend.rps", "taskqueue", "a/b", "5", "reason", "cannot be set per taskqueue")]
    [InlineData("frontend.rps", "namespace", "", "5", "reason", "Name the namespace")]
    [InlineData("frontend.rps", "global", "", "5", " ", "Say why")]
    [InlineData("no.such.key", "global", "", "5", "reason", "is not a dynamic config key")]
    [InlineData("matching.longPollExpirationInterval", "taskqueue", "payments", "\"00:00:05\"", "reason", "namespace/task-queue")]
    public async Task ApplyAsync_InvalidRequest_RejectedWithMessage(string key, string scope, string scopeValue, string json, string reason, string expected)
    {
        using var config = NewNode();

        var ex = await Assert.ThrowsAsync<DynamicConfigChangeRejectedException>(() =>
            config.ApplyAsync(new DynamicConfigChangeRequest(key, scope, scopeValue, json, 0, "alice", reason)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Empty(await config.ListAuditAsync(10));
    }

    [Fact]
    public async Task ApplyAsync_Remove_FallsBackToDefaultAndAudits()
    {
        using var config = NewNode();
        await config.ApplyAsync(Set(TestKeys.FrontendRps, "500"));

        await config.ApplyAsync(new DynamicConfigChangeRequest("frontend.rps", DynamicConfigScopes.Global, "", null, 1, "bob", "back to normal"));

        Assert.Equal(2400, config.Get(TestKeys.FrontendRps));
        var newest = (await config.ListAuditAsync(10))[0];
        Assert.Equal(("bob", "500", (string?)null), (newest.ChangedBy, newest.OldValueJson, newest.NewValueJson));
    }

    [Fact]
    public async Task RefreshAsync_NodeStartedLater_GetsCurrentValues()
    {
        using var first = NewNode();
        await first.ApplyAsync(Set(TestKeys.FrontendRps, "700"));
        using var later = NewNode();

        Assert.True(await later.RefreshAsync());

        Assert.Equal(700, later.Get(TestKeys.FrontendRps));
        Assert.True(later.IsLoaded);
    }

    [Fact]
    public async Task RefreshAsync_ChangedElsewhere_RaisesChangedOnceAndBumpsVersion()
    {
        using var config = NewNode();
        var raised = 0;
        config.Changed += (_, _) => raised++;
        var before = config.Version;
        _store.SetFromElsewhere("frontend.rps", DynamicConfigScopes.Global, "", "900", "node-2");

        Assert.True(await config.RefreshAsync());
        Assert.False(await config.RefreshAsync());

        Assert.Equal((900, 1, before + 1), (config.Get(TestKeys.FrontendRps), raised, config.Version));
    }

    [Fact]
    public async Task ApplyAsync_FailingSubscriber_OthersStillNotifiedAndChangeStored()
    {
        using var config = NewNode();
        var notified = false;
        config.Changed += (_, _) => throw new InvalidOperationException("subscriber bug");
        config.Changed += (_, _) => notified = true;

        await config.ApplyAsync(Set(TestKeys.FrontendRps, "800"));

        Assert.True(notified);
        Assert.Equal(800, config.Get(TestKeys.FrontendRps));
    }

    [Fact]
    public async Task Get_StoredValueInvalidForKey_ReturnsLessSpecificValue()
    {
        using var config = NewNode();
        _store.SetFromElsewhere("frontend.rps", DynamicConfigScopes.Global, "", "\"not a number\"", "node-2");
        await config.RefreshAsync();

        Assert.Equal(2400, config.Get(TestKeys.FrontendRps));
    }

    [Fact]
    public async Task ApplyAsync_TwoNodesRaceOnSameVersion_ExactlyOneWins()
    {
        using var a = NewNode();
        using var b = NewNode();
        using var start = new ManualResetEventSlim();
        var attempts = new[] { a, b }.Select((node, i) => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await node.ApplyAsync(Set(TestKeys.FrontendRps, (100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                return true;
            }
            catch (ConditionFailedException)
            {
                return false;
            }
        })).ToArray();

        start.Set();
        var results = await Task.WhenAll(attempts);

        Assert.Equal(1, results.Count(won => won));
        Assert.Single(await a.ListAuditAsync(10));
    }

    [Fact]
    public async Task Refresher_PollIntervalPasses_PicksUpChangeMadeElsewhere()
    {
        using var config = NewNode();
        var options = new StaticOptionsMonitor<DynamicConfigRefreshOptions>(new DynamicConfigRefreshOptions { PollInterval = TimeSpan.FromSeconds(2) });
        using var refresher = new PersistedDynamicConfigRefresher(config, options, _time, NullLogger<PersistedDynamicConfigRefresher>.Instance);
        await refresher.StartAsync(CancellationToken.None);
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        config.Changed += (_, _) => changed.TrySetResult();
        _store.SetFromElsewhere("frontend.rps", DynamicConfigScopes.Global, "", "321", "node-2");

        // StartAsync returns once the loop waits on the fake clock, so one advance triggers one poll.
        _time.Advance(TimeSpan.FromSeconds(2));
        var seen = await Task.WhenAny(changed.Task, Task.Delay(TimeSpan.FromSeconds(10))) == changed.Task;
        await refresher.StopAsync(CancellationToken.None);

        Assert.True(seen, "The refresher did not pick up the change made elsewhere after one poll interval.");
        Assert.Equal(321, config.Get(TestKeys.FrontendRps));
    }
}
