using Fencepost.ConsoleWeb.Live;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.TestUtilities.Time;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.ConsoleWeb.Tests.Live;

public sealed class PolledLiveSourceTests
{
    private sealed class CountingSource(FakeTimeProvider time) : PolledLiveSource<string>(
        new InMemoryDynamicConfig(), time,
        NullLogger.Instance)
    {
        public int Reads;
        public Exception? Failure { get; set; }

        protected override string Name => "counting";

        protected override Task<string> ReadAsync(CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref Reads);
            return Failure is { } failure ? Task.FromException<string>(failure) : Task.FromResult($"read {n}");
        }
    }

    private static readonly TimeSpan UpdateTimeout = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Subscribe_NoSubscriber_NeverReads()
    {
        using var source = new CountingSource(_time);

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, source.Reads);
        Assert.Null(source.Current);
    }

    [Fact]
    public async Task Subscribe_WhileSubscribed_ReadsEachIntervalAndStopsAfterDispose()
    {
        using var source = new CountingSource(_time);
        var updates = Channel();
        var subscription = source.Subscribe(() => { updates.Writer.TryWrite(source.Current!.Data!); return Task.CompletedTask; });

        Assert.Equal("read 1", await NextAsync(updates));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("read 2", await NextAsync(updates));
        subscription.Dispose();
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(2, source.Reads);
        Assert.Equal(0, source.SubscriberCount);
    }

    [Fact]
    public async Task Subscribe_IntervalChangedInDynamicConfig_NextWaitUsesNewInterval()
    {
        var time = new TimerWatchingTimeProvider(new DateTimeOffset(2026, 11, 22, 16, 0, 0, TimeSpan.Zero));
        var config = new InMemoryDynamicConfig();
        using var source = new ConfigurableSource(time, config);
        var updates = Channel();
        using var subscription = source.Subscribe(() => { updates.Writer.TryWrite(source.Current!.Data!); return Task.CompletedTask; });
        Assert.Equal("read 1", await NextAsync(updates));
        // The loop tells subscribers first and reads the interval after: wait until it has re-armed
        // its timer with the 1 s it read, or the change below would already apply to this wait.
        await time.WaitUntilArmedAsync(TimeSpan.FromSeconds(1), UpdateTimeout, times: 2);

        config.Set(Fencepost.ConsoleWeb.Configuration.ConsoleDynamicConfigKeys.LiveRefreshInterval, TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("read 2", await NextAsync(updates));
        // Likewise, advance only once the 5 s wait is armed, not from before it.
        await time.WaitUntilArmedAsync(TimeSpan.FromSeconds(5), UpdateTimeout);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(updates.Reader.TryRead(out _));
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("read 3", await NextAsync(updates));
    }

    private sealed class ConfigurableSource(FakeTimeProvider time, IDynamicConfig config)
        : PolledLiveSource<string>(config, time, NullLogger.Instance)
    {
        private int _reads;

        protected override string Name => "configurable";

        protected override Task<string> ReadAsync(CancellationToken cancellationToken) =>
            Task.FromResult($"read {Interlocked.Increment(ref _reads)}");
    }

    [Fact]
    public async Task RefreshAsync_ReadFails_SnapshotHasErrorAndNoData()
    {
        using var source = new CountingSource(_time) { Failure = new InvalidOperationException("store unreachable") };

        await source.RefreshAsync();

        Assert.Equal((null, "store unreachable"), (source.Current!.Data, source.Current.Error));
    }

    [Fact]
    public async Task RefreshAsync_FailingSubscriber_OthersStillCalled()
    {
        using var source = new CountingSource(_time);
        var called = false;
        using var bad = source.Subscribe(() => throw new InvalidOperationException("circuit gone"));
        using var good = source.Subscribe(() => { called = true; return Task.CompletedTask; });

        await source.RefreshAsync();

        Assert.True(called);
    }

    private static System.Threading.Channels.Channel<string> Channel() => System.Threading.Channels.Channel.CreateUnbounded<string>();

    private static async Task<string> NextAsync(System.Threading.Channels.Channel<string> updates)
    {
        using var timeout = new CancellationTokenSource(UpdateTimeout);
        try
        {
            return await updates.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("No update from the live source within 10 s.");
        }
    }
}
