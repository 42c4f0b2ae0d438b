using Fencepost.Engine.Hosting;
using Fencepost.TestUtilities.Time;

namespace Fencepost.Engine.Tests.Hosting;

/// <summary>Waits longer than a single .NET timer allows (about 49.7 days) are waited out in slices.</summary>
public sealed class TimerSlicesTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DelayAsync_BeyondTimerRange_CompletesWhenTheTimeHasPassedAndNotBefore()
    {
        var time = new TimerWatchingTimeProvider(DateTimeOffset.UnixEpoch);

        var delay = TimerSlices.DelayAsync(TimeSpan.FromDays(60), time, CancellationToken.None);
        await time.WaitUntilArmedAsync(TimerSlices.MaxSlice, Wait);
        time.Advance(TimeSpan.FromDays(30));
        await time.WaitUntilArmedAsync(TimerSlices.MaxSlice, Wait, times: 2);
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromDays(30));

        await delay.WaitAsync(Wait);
    }

    [Fact]
    public async Task DelayAsync_Cancelled_Throws()
    {
        var time = new TimerWatchingTimeProvider(DateTimeOffset.UnixEpoch);
        using var cancel = new CancellationTokenSource();

        var delay = TimerSlices.DelayAsync(TimeSpan.MaxValue, time, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delay.WaitAsync(Wait));
    }

    [Fact]
    public async Task WaitAsync_LoopWakeUpIntervalBeyondTimerRange_WaitsUntilRequested()
    {
        var time = new TimerWatchingTimeProvider(DateTimeOffset.UnixEpoch);
        using var wakeUp = new LoopWakeUp();

        var wait = wakeUp.WaitAsync(TimeSpan.FromDays(365), time, CancellationToken.None);
        wakeUp.Request();

        await wait.WaitAsync(Wait);
    }
}
