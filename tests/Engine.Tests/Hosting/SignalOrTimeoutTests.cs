using Fencepost.Engine.Hosting;
using Fencepost.TestUtilities.Time;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.Engine.Tests.Hosting;

public sealed class SignalOrTimeoutTests
{
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WaitAsync_SignalledRepeatedly_LeavesNoTimerArmed()
    {
        // A long poll wakes on every change of its run; each wake-up must release its timer at once.
        var time = new TimerCountingTimeProvider();
        for (var i = 0; i < 100; i++)
        {
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var wait = SignalOrTimeout.WaitAsync(signal.Task, LongPoll, time, CancellationToken.None);
            signal.SetResult();
            Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.Equal(100, time.Created);
        Assert.Equal(0, time.Live);
    }

    [Fact]
    public async Task WaitAsync_TimeoutPasses_ReturnsFalseAndReleasesTimer()
    {
        var time = new TimerCountingTimeProvider();
        var signal = new TaskCompletionSource();

        var wait = SignalOrTimeout.WaitAsync(signal.Task, LongPoll, time, CancellationToken.None);
        time.Advance(LongPoll);

        Assert.False(await wait.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, time.Live);
    }

    [Fact]
    public async Task WaitAsync_Cancelled_ReturnsFalseAndReleasesTimer()
    {
        var time = new TimerCountingTimeProvider();
        using var cancel = new CancellationTokenSource();

        var wait = SignalOrTimeout.WaitAsync(new TaskCompletionSource().Task, LongPoll, time, cancel.Token);
        await cancel.CancelAsync();

        Assert.False(await wait.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, time.Live);
    }

    [Fact]
    public async Task WaitAsync_AlreadySignalledOrNoTimeLeft_AnswersWithoutATimer()
    {
        var time = new TimerCountingTimeProvider();

        Assert.True(await SignalOrTimeout.WaitAsync(Task.CompletedTask, LongPoll, time, CancellationToken.None));
        Assert.False(await SignalOrTimeout.WaitAsync(new TaskCompletionSource().Task, TimeSpan.Zero, time, CancellationToken.None));
        Assert.Equal(0, time.Created);
    }

    [Fact]
    public async Task WaitAsync_TimeoutBeyondTimerRange_WaitsItOutInSlices()
    {
        // 60 days: more than the 49.7 days a single .NET timer can wait.
        var time = new TimerWatchingTimeProvider(DateTimeOffset.UnixEpoch);
        var signal = new TaskCompletionSource();

        var wait = SignalOrTimeout.WaitAsync(signal.Task, TimeSpan.FromDays(60), time, CancellationToken.None);
        await time.WaitUntilArmedAsync(TimerSlices.MaxSlice, TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromDays(30));
        await time.WaitUntilArmedAsync(TimerSlices.MaxSlice, TimeSpan.FromSeconds(30), times: 2);
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromDays(30));

        Assert.False(await wait.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task WaitAsync_TimeoutBeyondTimerRange_SignalStillWins()
    {
        var time = new TimerWatchingTimeProvider(DateTimeOffset.UnixEpoch);
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var wait = SignalOrTimeout.WaitAsync(signal.Task, TimeSpan.MaxValue, time, CancellationToken.None);
        signal.SetResult();

        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>Fake time that counts the timers created and those not yet disposed.</summary>
    private sealed class TimerCountingTimeProvider() : FakeTimeProvider(DateTimeOffset.UnixEpoch)
    {
        private int _created;
        private int _live;

        public int Created => Volatile.Read(ref _created);

        public int Live => Volatile.Read(ref _live);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _created);
            Interlocked.Increment(ref _live);
            return new CountedTimer(this, base.CreateTimer(callback, state, dueTime, period));
        }

        private sealed class CountedTimer(TimerCountingTimeProvider owner, ITimer inner) : ITimer
        {
            private int _disposed;

            public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 0)
                {
                    Interlocked.Decrement(ref owner._live);
                }
                inner.Dispose();
            }

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
