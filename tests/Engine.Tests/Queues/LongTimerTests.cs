using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Queues;
using Fencepost.TestUtilities.Time;

namespace Fencepost.Engine.Tests.Queues;

/// <summary>
/// Timers further away than a .NET timer can wait (uint.MaxValue - 1 ms, about 49.7 days): the
/// shard's timer loop waits for them in slices instead of failing, so shorter timers queued later
/// still fire, and the long one fires when its time comes.
/// </summary>
public class LongTimerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ShardTaskRetryPolicy FastRetry = new(3, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20));

    [Theory]
    [InlineData(60)]
    [InlineData(365 * 100)]
    public async Task TimerBeyondTimerRange_IsEarliestOnShard_LaterShortTimerStillFires(int days)
    {
        var time = new TimerWatchingTimeProvider(Start);
        await using var harness = await ShardQueueHarness.StartAsync(FastRetry, time);

        await harness.SubmitAsync(ShardTaskCategory.Timer, "long", Start + TimeSpan.FromDays(days));
        // The loop now waits for the long timer, one slice at a time.
        await time.WaitUntilArmedAsync(TimerQueueProcessor.MaxWait, Wait);
        // Three seconds: the queues' ack timers are the ones armed for one second.
        await harness.SubmitAsync(ShardTaskCategory.Timer, "short", Start + TimeSpan.FromSeconds(3));
        await time.WaitUntilArmedAsync(TimeSpan.FromSeconds(3), Wait);
        time.Advance(TimeSpan.FromSeconds(3));

        await harness.Executor.DoneFor("short").Task.WaitAsync(Wait);
        Assert.False(harness.Executor.Executions.ContainsKey("long"));
    }

    [Fact]
    public async Task TimerBeyondTimerRange_ItsTimeComes_FiresThenAndNotBefore()
    {
        var time = new TimerWatchingTimeProvider(Start);
        await using var harness = await ShardQueueHarness.StartAsync(FastRetry, time);
        await harness.SubmitAsync(ShardTaskCategory.Timer, "long", Start + TimeSpan.FromDays(60));
        await time.WaitUntilArmedAsync(TimerQueueProcessor.MaxWait, Wait);

        time.Advance(TimeSpan.FromDays(30));
        // Re-armed after the advance: the loop looked at the timer again and kept waiting.
        await time.WaitUntilArmedAsync(TimerQueueProcessor.MaxWait, Wait, times: 2);
        Assert.False(harness.Executor.Executions.ContainsKey("long"));
        time.Advance(TimeSpan.FromDays(30));

        await harness.Executor.DoneFor("long").Task.WaitAsync(Wait);
    }
}
